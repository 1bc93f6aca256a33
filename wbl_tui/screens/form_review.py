"""The wizard's last step: every answer on one list, each a way back to its question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from wbl_tui.engine.session import Session
from wbl_tui.textsafe import one_line
from wbl_tui.widgets.composed import WhenComposed


class ReviewPane(WhenComposed, Vertical):
    """A summary line and the list of answers; picking one posts :class:`Edit`."""

    class Edit(Message):
        """The person picked the answer to question ``question_id`` to change it."""

        def __init__(self, question_id: str) -> None:
            super().__init__()
            self.question_id = question_id

    def compose(self) -> ComposeResult:
        yield Static("", id="review-summary", markup=False)
        yield OptionList(id="review-list")

    def show(self, session: Session) -> None:
        """List every asked question with its answer (and a mark when it needs attention)."""
        self.display = True
        self.when_composed("show", lambda: self._show(session))

    def _show(self, session: Session) -> None:
        from wbl_tui.engine.render import display  # Jinja: loaded when the review is shown
        from wbl_tui.engine.unfinished import unfinished

        rows = session.review()
        missing = sum(1 for *_, problem in rows if problem)
        to_finish = sum(1 for *_, value, problem in rows if not problem and unfinished(value))
        status = (
            f"{missing} answer{'s' if missing != 1 else ''} still need attention (marked !)."
            if missing
            else "Everything is answered."
        )
        if to_finish:
            status += (
                f" {to_finish} answer{'s' if to_finish != 1 else ''} to finish (marked ?, like"
                ' TBD): the plan says "to be confirmed" there, so you can save now.'
            )
        self.query_one("#review-summary", Static).update(
            f"{status} Pick any answer to change it; choose Save plan when you are happy."
        )
        options = []
        for _section, q, value, problem in rows:
            shown = _as_text(display(q, value, session.catalogue))
            mark = "! " if problem else "? " if unfinished(value) else "  "
            prompt = Content.assemble(
                (mark + one_line(q.prompt, 300), "bold"),
                "\n    ",
                (one_line(shown or "— not answered", 300), "italic" if not shown else ""),
            )
            options.append(Option(prompt, id=f"edit-{q.id}"))
        listed = self.query_one("#review-list", OptionList)
        listed.set_options(options)
        # The cursor on the first answer that needs attention (else the first): Enter at
        # once goes there, where a list with no highlight took the first Enter for nothing.
        first = next((i for i, (*_, problem) in enumerate(rows) if problem), 0)
        listed.highlighted = first if options else None

    def focus_list(self) -> None:
        """Put the cursor on the list of answers."""
        self.when_composed("focus", lambda: self.screen.set_focus(self.query_one("#review-list")))

    @on(OptionList.OptionSelected, "#review-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Edit((event.option.id or "").removeprefix("edit-")))


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
