"""What a save writes: every file's name, role and content, decided in one place.

An ``OutputPlan`` is built before anything is written: the save dialog shows its files and
asks about its conflicts up front; ``wbl-tui render`` builds the same object. Writing is
all-or-nothing through ``save.write_all`` (each file atomic; nothing replaced unasked).
A role maps to a file-name suffix and a render function; ``register_role`` adds one (the
Word copy, say) without changing the callers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from wbl_tui.engine.save import safe_filename, write_all
from wbl_tui.errors import BadInput, MissingFolder, Problem, WriteFailed

if TYPE_CHECKING:
    from wbl_tui.engine.document import Document
    from wbl_tui.engine.render import Renderer

# "plan", "answers", "partner_brief", "html", "docx", ...
Role = str
RenderFunction = Callable[["Renderer", "Document"], str | bytes]


@dataclass(frozen=True, slots=True)
class OutputRole:
    """One kind of file a save can write: its suffix after the stem and how it is made."""

    role: Role
    suffix: str  # ".md", ".answers.yaml", ...
    label: str  # "the plan", "a partner brief": for dialogs
    render: RenderFunction
    kinds: tuple[str, ...] = ("plan", "assessment")  # the set kinds it applies to
    extra: bool = True  # chosen by the person (False: always written)


def _plan(renderer: Renderer, doc: Document) -> str:
    return renderer.render(doc)


def _answers(renderer: Renderer, doc: Document) -> str:
    from wbl_tui.engine.document import dump_document

    return dump_document(doc)


def _brief(renderer: Renderer, doc: Document) -> str:
    return renderer.render(doc, "partner_brief.md.j2")


def _html(renderer: Renderer, doc: Document) -> str:
    # A copy saved beside the plan is opened from disk: a whole page with its charset
    # (its body is the LMS fragment that 'render --format html' prints).
    from wbl_tui.engine.formats import standalone_html

    return standalone_html(renderer.render(doc, fmt="html"))


def _docx(renderer: Renderer, doc: Document) -> bytes:
    from wbl_tui.engine.docx import markdown_to_docx

    return markdown_to_docx(renderer.render(doc))


ROLES: dict[Role, OutputRole] = {
    r.role: r
    for r in (
        OutputRole("plan", ".md", "the plan", _plan, extra=False),
        OutputRole("answers", ".answers.yaml", "your answers", _answers, extra=False),
        OutputRole("partner_brief", ".partner-brief.md", "a partner brief", _brief, ("plan",)),
        OutputRole("html", ".html", "an HTML copy", _html),
        OutputRole("docx", ".docx", "a Word copy", _docx),
    )
}


def register_role(role: OutputRole) -> None:
    """Add (or replace) a kind of output file, e.g. ``docx``; extras list it from then on."""
    ROLES[role.role] = role


def extras_for(kind: str) -> list[OutputRole]:
    """The extra files a person may choose for a set of ``kind``, in a stable order."""
    return [r for r in ROLES.values() if r.extra and kind in r.kinds]


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of a save."""

    path: Path
    role: Role
    label: str


class OutputPlan:
    """The files one save (or one ``render`` run) writes, and how to make each."""

    def __init__(self, folder: Path, files: Sequence[tuple[OutputFile, Callable[[], str | bytes]]]):
        self.folder = Path(folder)
        self.files: tuple[OutputFile, ...] = tuple(f for f, _ in files)
        self._makers = {f.path: make for f, make in files}
        seen: dict[Path, OutputFile] = {}
        for f in self.files:
            if f.path in seen:
                raise BadInput(
                    Problem(str(f.path), f"{seen[f.path].label} and {f.label} would share a name")
                )
            seen[f.path] = f

    def path(self, role: Role) -> Path | None:
        """The file of ``role``, if this plan writes one."""
        return next((f.path for f in self.files if f.role == role), None)

    def missing_folder(self) -> bool:
        """Whether the folder does not exist yet (``write(make_folder=True)`` creates it)."""
        return not self.folder.is_dir()

    def conflicts(self) -> list[Path]:
        """The files that exist already (``write(replace=True)`` replaces them)."""
        return [f.path for f in self.files if f.path.exists() or f.path.is_symlink()]

    def texts(self) -> dict[Path, str | bytes]:
        """Every file's content, rendered now (BadInput if a template fails)."""
        return {f.path: self._makers[f.path]() for f in self.files}

    def write(self, *, replace: bool = False, make_folder: bool = False) -> list[Path]:
        """Render every file, then write them all or none.

        Raises MissingFolder when the folder is missing and ``make_folder`` is not set,
        AlreadyExists when a file exists and ``replace`` is not set, WriteFailed when the
        disk refuses.
        """
        texts = self.texts()  # a template error stops the save before anything is written
        if self.missing_folder():
            if not make_folder:
                raise MissingFolder(self.folder)
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise WriteFailed(self.folder, exc.strerror or str(exc)) from None
        # New files get what the umask allows; a replaced file keeps its mode (save.py).
        return write_all(texts, overwrite=replace)


def document_outputs(
    renderer: Renderer,
    doc: Document,
    folder: Path,
    stem: str,
    extras: Iterable[Role] = (),
) -> OutputPlan:
    """The plan (or report), its answers file and the chosen extras, named ``stem.*``.

    The answers file records the extras chosen, so a later save writes them again. Extras
    that do not apply to the set's kind are left out.
    """
    kind = doc.qset.kind
    chosen = frozenset(
        r for r in extras if r in ROLES and ROLES[r].extra and kind in ROLES[r].kinds
    )
    doc = dataclasses.replace(doc, extras=chosen)
    stem = safe_filename(stem, safe_filename(doc.qset.title, doc.qset.id))
    roles = [r for r in ROLES.values() if not r.extra or r.role in chosen]
    label = {"plan": "the plan" if kind == "plan" else "the report"}
    files = [
        (
            OutputFile(Path(folder) / f"{stem}{r.suffix}", r.role, label.get(r.role, r.label)),
            _maker(r, renderer, doc),
        )
        for r in roles
    ]
    return OutputPlan(Path(folder), files)


def _maker(role: OutputRole, renderer: Renderer, doc: Document) -> Callable[[], str | bytes]:
    return lambda: role.render(renderer, doc)


def rendered_outputs(
    rendered: Sequence[tuple[Path, str | bytes]],
    fmt: str,
    *,
    out_dir: Path | None = None,
    output: Path | None = None,
) -> OutputPlan:
    """What ``render`` writes: each answers file's text as ``OUT``, or ``DIR/NAME.FMT``."""
    role = ROLES["html" if fmt == "html" else "plan"]
    files: list[tuple[OutputFile, Callable[[], str | bytes]]] = []
    for source, text in rendered:
        path = output if output is not None else Path(out_dir or ".") / batch_name(source, fmt)
        files.append((OutputFile(path, role.role, f"the {fmt} of {source}"), _given(text)))
    folder = output.parent if output is not None else Path(out_dir or ".")
    return OutputPlan(folder, files)


def answers_beside(path: Path) -> Path:
    """The answers file a saved file belongs to (``x.partner-brief.md`` -> ``x.answers.yaml``)."""
    answers = ROLES["answers"].suffix
    if path.name.endswith(answers):
        return path
    for suffix in sorted((r.suffix for r in ROLES.values()), key=len, reverse=True):
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return path.with_name(path.name[: -len(suffix)] + answers)
    return path.with_name(path.name.rsplit(".", 1)[0] + answers)


def batch_name(answers: Path, fmt: str) -> str:
    """``NAME.answers.yaml`` -> ``NAME.FMT`` (the name ``render --out-dir`` writes)."""
    name = answers.name
    for suffix in (".answers.yaml", ".answers.yml", ".yaml", ".yml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return f"{name}.{fmt}"


def _given(text: str | bytes) -> Callable[[], str | bytes]:
    return lambda: text
