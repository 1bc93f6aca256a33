"""Question sets (``wbl-questions/1``): one YAML file, one typed, validated QuestionSet."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from wbl_tui.model.pattern import pattern_error
from wbl_tui.model.reader import Reader, did_you_mean
from wbl_tui.model.tally import Tally, parse_tally
from wbl_tui.model.yamlnodes import Node, Scalar, load_file, load_text
from wbl_tui.textsafe import one_line

FORMAT = "wbl-questions/1"
STAGE_IDS = ("about", "through", "for")
QUESTION_TYPES = ("text", "textarea", "choice", "multichoice", "scale", "number", "boolean")
OPTION_SOURCES = ("disciplines", "stages")
SUGGESTION_SOURCES = ("activities", "partner_examples", "industries")
SET_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
QUESTION_ID = re.compile(r"[a-z_][a-z0-9_]*")
MAX_EXPRESSION = 2000  # characters in a `when` or templated `default`
MAX_SCORE = 1000  # an option's score on a scale, either way (sums stay finite)

QuestionType = Literal["text", "textarea", "choice", "multichoice", "scale", "number", "boolean"]
Kind = Literal["assessment", "plan"]
Answer = str | int | float | bool | list[str] | None

# Names templates and expressions already give a meaning to, and the answers mapping's
# methods: ``answers.X`` reads the dict's attribute before the answer, so an id like
# ``items`` or ``popitem`` would hide its question (``reserved_id`` adds the dunder
# names, ``__class__`` and the like). ``discipline`` is allowed as the id of the question
# that picks from the catalogue: there both names mean the chosen discipline.
RESERVED_IDS = frozenset(
    [
        "answers",
        "labels",
        "set",
        "discipline",
        "assessment",
        "stages",
        "today",
        "pct",
        "score",
        "self",
        "loop",
        "range",
        "none",
        "true",
        "false",
    ]
).union(name for name in dir(dict) if not name.startswith("_"))
DUNDER = re.compile(r"__\w*__")  # every dict has some; any Python may add more


def reserved_id(qid: str) -> bool:
    """Whether ``qid`` is a name a question may not take (see RESERVED_IDS)."""
    return qid in RESERVED_IDS or DUNDER.fullmatch(qid) is not None


# Names an expression may read besides earlier questions.
_WHEN_NAMES = {"answers", "none", "true", "false"}
_DEFAULT_NAMES = _WHEN_NAMES | {"discipline", "assessment"}
_PLACEMENT_NAMES = _WHEN_NAMES | {"pct", "score"}

_VALIDATE_KEYS: dict[str, tuple[str, ...]] = {
    "text": ("min_length", "max_length", "pattern"),
    "textarea": ("min_length", "max_length", "pattern"),
    "number": ("min", "max", "integer"),
    "multichoice": ("min_items", "max_items", "exclusive"),
}


@dataclass(frozen=True, slots=True)
class Where:
    """Where something was written, for error messages."""

    file: str
    line: int
    col: int

    @classmethod
    def of(cls, node: Node) -> Where:
        """The place of a node."""
        return cls(node.file, node.line, node.col)


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a ``choice`` or ``multichoice`` question."""

    value: str
    label: str
    scores: Mapping[str, float] = field(default_factory=dict)
    help: str | None = None
    formerly: tuple[str, ...] = ()  # earlier values, read as this one from answers files


@dataclass(frozen=True, slots=True)
class Validation:
    """Limits an answer must keep; only those that fit the question's type are set."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False
    min_items: int | None = None
    max_items: int | None = None
    exclusive: tuple[str, ...] = ()  # multichoice values that must be picked alone


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a set."""

    id: str
    prompt: str
    type: QuestionType
    where: Where
    required: bool = True
    placeholder: str | None = None
    help: str | None = None
    validate: Validation = Validation()
    options: tuple[Option, ...] = ()
    options_from: str | None = None
    suggest_from: str | None = None
    default: Answer = None
    when: str | None = None
    range: tuple[int, int] = (1, 5)
    labels: Mapping[int, str] = field(default_factory=dict)
    remember: bool = False  # the last saved answer is the next new session's default

    @property
    def has_choices(self) -> bool:
        """True for choice and multichoice questions."""
        return self.type in ("choice", "multichoice")


@dataclass(frozen=True, slots=True)
class Section:
    """One step of the wizard: a titled group of questions."""

    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str | None = None


@dataclass(frozen=True, slots=True)
class Scale:
    """What option scores add up to (a continuum stage or a quality dimension)."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class PlacementRule:
    """``when`` this holds, the course is placed at ``stage`` (no ``when``: always)."""

    stage: str
    when: str | None = None


@dataclass(frozen=True, slots=True)
class QuestionSet:
    """A validated question set."""

    id: str
    version: str
    kind: Kind
    title: str
    sections: tuple[Section, ...]
    source: Path
    description: str | None = None
    author: str | None = None
    template: str | None = None
    scales: tuple[Scale, ...] = ()
    placement: tuple[PlacementRule, ...] = ()
    tally: Tally | None = None  # what `wbl-tui tally` counts in a plan of this set
    title_from: tuple[str, ...] = ()  # text questions whose answers name a plan or report
    _by_id: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({q.id: q for q in self.questions()})

    def questions(self) -> Iterator[Question]:
        """Every question, in order."""
        for section in self.sections:
            yield from section.questions

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return self._by_id.get(question_id)

    @property
    def ref(self) -> str:
        """``id@version``, as plans cite it."""
        return f"{self.id}@{self.version}"


def load_question_set(path: Path) -> QuestionSet:
    """Load and validate a question set file; raise BadInput listing every problem."""
    return parse_question_set(load_file(path), path)


def loads_question_set(text: str, path: Path) -> QuestionSet:
    """Load a question set from text (tests, editors)."""
    return parse_question_set(load_text(text, str(path)), path)


def parse_question_set(root: Node, path: Path) -> QuestionSet:
    """Validate parsed nodes as a question set."""
    parser = _SetParser(Reader(str(path)))
    qset = parser.parse(root, path)
    parser.reader.raise_if_problems()
    assert qset is not None
    return qset


class _SetParser:
    """Reads a question set, checking each part against what came before it."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.scales: dict[str, Scale] = {}
        self.seen: dict[str, Question] = {}  # questions so far, in order

    def parse(self, root: Node, path: Path) -> QuestionSet | None:
        r = self.reader
        keys = (
            "format",
            "id",
            "version",
            "kind",
            "title",
            "description",
            "author",
            "template",
            "title_from",
            "scales",
            "sections",
            "results",
            "tally",
        )
        f = r.fields(
            root, "the question set", keys, ("format", "id", "version", "kind", "title", "sections")
        )
        if f is None:
            r.raise_if_problems()
            return None
        fmt = r.text(f.get("format"), "format")
        if fmt is not None and fmt != FORMAT:
            r.error(f["format"], f"format must be '{FORMAT}', not '{fmt}'")
            r.raise_if_problems()
        kind = r.text(f.get("kind"), "kind")
        if kind is not None and kind not in ("assessment", "plan"):
            r.error(f["kind"], f"kind must be 'assessment' or 'plan', not '{kind}'")
        if "scales" in f:
            r.each(f["scales"], "scales", self._scale)  # each one registers itself
        sections = r.each(f["sections"], "sections", self._section) if "sections" in f else []
        if "sections" in f and not sections and not r.problems:
            r.error(f["sections"], "a question set needs at least one section")
        placement = self._results(f["results"]) if "results" in f else ()
        if kind == "assessment" and not placement and "results" not in f:
            r.error(root, "an assessment set needs results: placement: rules")
        tally = parse_tally(r, f["tally"], self._check_expression) if "tally" in f else None
        qset = QuestionSet(
            id=r.pattern_text(f.get("id"), "id", SET_ID, "use lower-case letters, digits and -")
            or "",
            version=r.text(f.get("version"), "version") or "",
            kind=kind if kind in ("assessment", "plan") else "plan",  # type: ignore[arg-type]
            title=r.text(f.get("title"), "title") or "",
            description=r.text(f.get("description"), "description"),
            author=r.text(f.get("author"), "author"),
            template=r.text(f.get("template"), "template"),
            sections=tuple(sections),
            scales=tuple(self.scales.values()),
            placement=placement,
            tally=tally,
            title_from=self._title_from(f["title_from"]) if "title_from" in f else (),
            source=path,
        )
        return qset

    def _title_from(self, node: Node) -> tuple[str, ...]:
        """The ids of text questions whose answers name what the set produces."""
        r = self.reader
        ids: list[str] = []
        for item in r.items(node, "title_from"):
            qid = r.text(item, "each item of title_from")
            q = self.seen.get(qid) if qid else None
            if qid is None:
                continue
            if q is None:
                hint = did_you_mean(qid, self.seen)
                r.error(item, f"title_from names '{qid}', which is not a question{hint}")
            elif q.type != "text":
                r.error(item, f"title_from names '{qid}', a {q.type} question, not a text one")
            else:
                ids.append(qid)
        return tuple(ids)

    def _scale(self, node: Node) -> Scale | None:
        r = self.reader
        f = r.fields(node, "a scale", ("id", "label"), ("id", "label"))
        if f is None:
            return None
        sid = r.pattern_text(
            f.get("id"), "scale id", SET_ID, "use lower-case letters, digits and -"
        )
        label = r.text(f.get("label"), "label")
        if sid in self.scales:
            r.error(f["id"], f"scale '{sid}' is declared twice")
            return None
        if not sid or not label:
            return None
        self.scales[sid] = Scale(sid, label)
        return self.scales[sid]

    def _section(self, node: Node) -> Section | None:
        r = self.reader
        f = r.fields(
            node, "a section", ("id", "title", "intro", "questions"), ("id", "title", "questions")
        )
        if f is None:
            return None
        questions = r.each(f["questions"], "questions", self._question) if "questions" in f else []
        sid = r.pattern_text(f.get("id"), "section id", QUESTION_ID, "use a-z, 0-9 and _")
        title = r.text(f.get("title"), "title")
        if not sid or not title:
            return None
        return Section(sid, title, tuple(questions), r.text(f.get("intro"), "intro"))

    def _question(self, node: Node) -> Question | None:
        r = self.reader
        keys = (
            "id",
            "prompt",
            "type",
            "required",
            "placeholder",
            "help",
            "validate",
            "options",
            "options_from",
            "suggest_from",
            "default",
            "when",
            "range",
            "labels",
            "remember",
        )
        f = r.fields(node, "a question", keys, ("id", "prompt", "type"))
        if f is None:
            return None
        qid = r.pattern_text(
            f.get("id"), "question id", QUESTION_ID, "start with a-z or _, then a-z, 0-9, _"
        )
        if qid and reserved_id(qid) and not (qid == "discipline" and _from_catalogue(f)):
            r.error(
                f["id"],
                f"question id '{qid}' is a name templates and expressions already use; "
                "pick another id",
            )
            return None
        if qid and qid in self.seen:
            r.error(
                f["id"],
                f"question id '{qid}' is used twice (first at line {self.seen[qid].where.line})",
            )
            return None
        qtype = r.text(f.get("type"), "type")
        if qtype is not None and qtype not in QUESTION_TYPES:
            r.error(
                f["type"],
                f"type '{qtype}' is not one of {', '.join(QUESTION_TYPES)}{did_you_mean(qtype, QUESTION_TYPES)}",
            )
            return None
        prompt = r.text(f.get("prompt"), "prompt")
        if not qid or not qtype or prompt is None:
            return None
        if "when" in f:
            self._check_expression(f["when"], "when", _WHEN_NAMES)
        q = Question(
            id=qid,
            prompt=prompt,
            type=qtype,  # type: ignore[arg-type]
            where=Where.of(node),
            required=r.boolean(f.get("required"), "required") if "required" in f else True,  # type: ignore[arg-type]
            placeholder=r.text(f.get("placeholder"), "placeholder"),
            help=r.text(f.get("help"), "help"),
            validate=self._validation(f.get("validate"), qtype),
            options=self._options(f, qtype),
            options_from=self._source(f.get("options_from"), "options_from", OPTION_SOURCES),
            suggest_from=self._source(f.get("suggest_from"), "suggest_from", SUGGESTION_SOURCES),
            when=r.text(f.get("when"), "when"),
            range=self._range(f.get("range")) if qtype == "scale" else (1, 5),
            labels=self._labels(f.get("labels")),
            remember=bool(r.boolean(f.get("remember"), "remember")),
        )
        self._check_fits_type(q, f)
        default = self._default(f.get("default"), q) if "default" in f else None
        if default is not None:
            q = _replace(q, default=default)
        self.seen[qid] = q
        return q

    # -- parts of a question ------------------------------------------------------------

    def _source(self, node: Node | None, what: str, allowed: tuple[str, ...]) -> str | None:
        value = self.reader.text(node, what)
        if value is not None and value not in allowed and node is not None:
            self.reader.error(
                node, f"{what} must be one of {', '.join(allowed)}{did_you_mean(value, allowed)}"
            )
            return None
        return value

    def _options(self, f: dict[str, Node], qtype: str) -> tuple[Option, ...]:
        if "options" not in f:
            return ()
        options: list[Option] = []
        values: set[str] = set()
        for item in self.reader.items(f["options"], "options"):
            option = self._option(item)
            if option is None:
                continue
            if option.value in values:
                self.reader.error(
                    item, f"option value '{option.value}' is used twice in this question"
                )
                continue
            values.add(option.value)
            options.append(option)
        for option in options:
            clash = [v for v in option.formerly if v in values]
            if clash:
                self.reader.error(
                    f["options"], f"'{clash[0]}' is an option value; it can't also be a former one"
                )
        return tuple(options)

    def _option(self, node: Node) -> Option | None:
        r = self.reader
        f = r.fields(
            node, "an option", ("value", "label", "scores", "help", "formerly"), ("value", "label")
        )
        if f is None:
            return None
        value, label = r.text(f.get("value"), "value"), r.text(f.get("label"), "label")
        scores: dict[str, float] = {}
        if "scores" in f:
            sf = r.fields(f["scores"], "scores", tuple(self.scales) or ("(no scales declared)",))
            for key, score_node in (sf or {}).items():
                number = r.number(score_node, f"the score on '{key}'")
                if number is not None and not -MAX_SCORE <= number <= MAX_SCORE:
                    r.error(
                        score_node,
                        f"the score on '{key}' must be from -{MAX_SCORE} to {MAX_SCORE}",
                    )
                elif number is not None:
                    scores[key] = number
        if value is None or label is None:
            return None
        return Option(
            value,
            label,
            scores,
            r.text(f.get("help"), "help"),
            r.text_list(f.get("formerly"), "formerly"),
        )

    def _validation(self, node: Node | None, qtype: str) -> Validation:
        if node is None:
            return Validation()
        r = self.reader
        allowed = _VALIDATE_KEYS.get(qtype, ())
        f = r.fields(node, f"validate for a {qtype} question", allowed or ("(none for this type)",))
        if not f:
            return Validation()
        pattern = r.text(f.get("pattern"), "pattern")
        error = pattern_error(pattern) if pattern is not None else None
        if error:
            r.error(f["pattern"], error)
            pattern = None
        v = Validation(
            min_length=r.integer(f.get("min_length"), "min_length"),
            max_length=r.integer(f.get("max_length"), "max_length"),
            pattern=pattern,
            min=r.number(f.get("min"), "min"),
            max=r.number(f.get("max"), "max"),
            integer=bool(r.boolean(f.get("integer"), "integer")),
            min_items=r.integer(f.get("min_items"), "min_items"),
            max_items=r.integer(f.get("max_items"), "max_items"),
            exclusive=r.text_list(f.get("exclusive"), "exclusive"),
        )
        for low, high in (("min_length", "max_length"), ("min", "max"), ("min_items", "max_items")):
            lo, hi = getattr(v, low), getattr(v, high)
            if lo is not None and hi is not None and lo > hi:
                r.error(f[low], f"{low} ({lo}) is larger than {high} ({hi})")
        return v

    def _range(self, node: Node | None) -> tuple[int, int]:
        if node is None:
            return (1, 5)
        ends = [
            self.reader.integer(n, "each end of range") for n in self.reader.items(node, "range")
        ]
        if len(ends) != 2 or None in ends:
            self.reader.error(node, "range must be two whole numbers, like [1, 5]")
            return (1, 5)
        low, high = ends
        assert low is not None and high is not None
        if not 0 <= low < high <= low + 20:
            self.reader.error(node, "range must go up from a number ≥ 0, with at most 21 steps")
            return (1, 5)
        return (low, high)

    def _labels(self, node: Node | None) -> dict[int, str]:
        if node is None:
            return {}
        from wbl_tui.model.yamlnodes import Mapping as MappingNode

        if not isinstance(node, MappingNode):
            self.reader.error(
                node, "labels must map scale points to text, like {1: Not yet, 5: Always}"
            )
            return {}
        labels: dict[int, str] = {}
        for key, value in node.items:
            point, text = (
                self.reader.integer(key, "a labels key"),
                self.reader.text(value, "a label"),
            )
            if point is not None and text is not None:
                labels[point] = text
        return labels

    def _check_fits_type(self, q: Question, f: dict[str, Node]) -> None:
        r = self.reader
        if q.has_choices:
            if not q.options and not q.options_from:
                r.error(f["type"], f"a {q.type} question needs options or options_from")
            if q.options and q.options_from:
                r.error(f["options_from"], "use options or options_from, not both")
        else:
            for key in ("options", "options_from"):
                if key in f:
                    r.error(f[key], f"{key} only applies to choice and multichoice questions")
        if "suggest_from" in f and q.type not in ("text", "textarea"):
            r.error(f["suggest_from"], "suggest_from only applies to text and textarea questions")
        for key in ("range", "labels"):
            if key in f and q.type != "scale":
                r.error(f[key], f"{key} only applies to scale questions")
        values = [o.value for o in q.options]
        for value in q.validate.exclusive:
            if q.options and value not in values:
                r.error(
                    f["validate"],
                    f"exclusive: '{one_line(value, 80)}' is not one of the options"
                    f"{did_you_mean(value, values)}",
                )
        for point in q.labels:
            if not q.range[0] <= point <= q.range[1]:
                r.error(f["labels"], f"label {point} is outside the range {list(q.range)}")

    def _default(self, node: Node | None, q: Question) -> Answer:
        """A default fitting the question's type; a string with ``{{`` stays a template."""
        if node is None:
            return None
        r = self.reader
        if isinstance(node, Scalar) and not node.is_null and "{{" in node.text:
            self._check_expression(node, "default", _DEFAULT_NAMES, template=True)
            return node.text
        from wbl_tui.model.answers_coerce import coerce_answer

        value, error = coerce_answer(q, node)
        error = error or _unfit_default(q, value)
        if error:
            r.error(node, f"default: {error}")
            return None
        return value

    # -- expressions ----------------------------------------------------------------------

    def _check_expression(
        self, node: Node, what: str, allowed: set[str], template: bool = False
    ) -> None:
        source = self.reader.text(node, what)
        if source is None:
            return
        if len(source) > MAX_EXPRESSION:
            self.reader.error(node, f"{what} is longer than {MAX_EXPRESSION} characters")
            return
        from jinja2 import TemplateSyntaxError  # Jinja loads only when a set has expressions

        from wbl_tui.sandbox import expression_sandbox

        env = expression_sandbox()
        try:
            if template:
                env.from_string(source)
                bare, via = _template_names(env, source)
            else:
                bare, via = env.expression_names(source)
        except TemplateSyntaxError as exc:
            self.reader.error(node, f"{what} does not compile: {exc.message}")
            return
        except RecursionError:
            self.reader.error(node, f"{what} is nested too deeply")
            return
        unknown = {
            n for n in bare if n not in allowed and n not in env.globals and n not in self.seen
        }
        unknown |= {n for n in via if n not in self.seen}
        for name in sorted(unknown):
            hint = did_you_mean(name, [*self.seen, *allowed])
            self.reader.error(
                node, f"{what} reads '{name}', which is not a question asked before this one{hint}"
            )

    def _results(self, node: Node) -> tuple[PlacementRule, ...]:
        r = self.reader
        f = r.fields(node, "results", ("placement",), ("placement",))
        if not f:
            return ()
        rules: list[PlacementRule] = []
        for item in r.items(f["placement"], "placement"):
            rf = r.fields(item, "a placement rule", ("when", "stage"), ("stage",))
            if rf is None:
                continue
            stage = r.text(rf.get("stage"), "stage")
            if stage is not None and stage not in STAGE_IDS:
                r.error(
                    rf["stage"],
                    f"stage '{stage}' is not one of {', '.join(STAGE_IDS)}{did_you_mean(stage, STAGE_IDS)}",
                )
                continue
            if "when" in rf:
                self._check_expression(rf["when"], "when", _PLACEMENT_NAMES)
            if stage:
                rules.append(PlacementRule(stage, r.text(rf.get("when"), "when")))
        if rules and rules[-1].when is not None:
            r.error(
                f["placement"],
                "the last placement rule needs no 'when', so every course gets a stage",
            )
        return tuple(rules)


def _template_names(env: Any, source: str) -> tuple[set[str], set[str]]:
    """Names a ``{{ … }}`` default reads, bare and through ``answers.``."""
    from jinja2 import nodes
    from jinja2.meta import find_undeclared_variables

    tree = env.parse(source)
    bare = set(find_undeclared_variables(tree))
    via = {
        g.attr
        for g in tree.find_all(nodes.Getattr)
        if isinstance(g.node, nodes.Name) and g.node.name == "answers"
    }
    return bare, via


def _from_catalogue(f: dict[str, Node]) -> bool:
    """True for a question whose options are the discipline catalogue."""
    node = f.get("options_from")
    return isinstance(node, Scalar) and node.text == "disciplines"


def _unfit_default(q: Question, value: Answer) -> str | None:
    """Why a fixed default can never be accepted (not an option, off the scale), else None."""
    if q.options and value is not None:
        allowed = [o.value for o in q.options]
        for chosen in value if isinstance(value, list) else [value]:
            if chosen not in allowed:
                return f"'{one_line(chosen, 80)}' is not one of the options ({', '.join(allowed)})"
    low, high = q.range
    if q.type == "scale" and isinstance(value, int) and not low <= value <= high:
        return f"{value} is outside the range [{low}, {high}]"
    return None


def _replace(q: Question, **changes: Any) -> Question:
    from dataclasses import replace

    return replace(q, **changes)
