"""Known ways out of a Jinja sandbox, tried through the engine as shared files would use them.

A template runs through ``Renderer`` (the headless ``render`` path); a ``when`` through
``flow.evaluate`` and a ``{{ … }}`` default through ``flow.default_for``, as the wizard does.
Every attempt must end in one clean, one-line engine error (for a template) or in
"false" / "no default" (for an expression, as CONTRACT.md says), and never show a file.
Nothing here times itself (a loaded machine is slow): that a refusal came from a check
made before the work, not from the clock, is read from the message; speed is measured by
``bench/sandbox_fuzz.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from jinja2 import TemplateError

from wbl_tui.engine import flow
from wbl_tui.engine.document import Document
from wbl_tui.engine.library import Library
from wbl_tui.engine.render import Renderer
from wbl_tui.errors import BadInput, WblError
from wbl_tui.model.disciplines import Catalogue
from wbl_tui.model.questions import QuestionSet
from wbl_tui.paths import make_settings
from wbl_tui.sandbox import MAX_SECONDS, Sandbox

MINI = Path(__file__).resolve().parent.parent / "data" / "root"
SECRET = "TOP-SECRET-7f3a9"
ANSWERS = {
    "course_title": "ESL 120",
    "discipline": "esl",
    "speakers": "often",
    "projects": ["judged", "none"],
    "placements": False,
}

Render = Callable[[str], str]

# (what it tries, template source, a fragment of the one-line error)
ESCAPES = [
    ("mro", "{{ ''.__class__.__mro__ }}", "unsafe"),
    ("subclasses", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
    ("subclasses of tuple", "{{ ().__class__.__base__.__subclasses__() }}", "unsafe"),
    ("globals of a context function", "{{ answers.get.__self__ }}", "unsafe"),
    ("globals of our range", "{{ range.__globals__ }}", "unsafe"),
    ("cycler globals", "{{ cycler.__init__.__globals__.os }}", "unsafe"),
    ("joiner globals", "{{ joiner.__init__.__globals__ }}", "unsafe"),
    ("namespace globals", "{{ namespace.__init__.__globals__ }}", "unsafe"),
    ("template reference", "{{ self._TemplateReference__context }}", "unsafe"),
    ("template reference dict", "{{ self.__dict__ }}", "unsafe"),
    ("config", "{{ config.items() }}", "'config' is undefined"),
    ("request", "{{ request.environ }}", "'request' is undefined"),
    ("lipsum", "{{ lipsum.__globals__['os'] }}", "'lipsum' is undefined"),
    ("builtins", "{{ __builtins__ }}", "undefined"),
    ("format attribute", "{{ '{0.__class__}'.format(answers) }}", "unsafe"),
    ("format mro", "{{ '{0.__class__.__mro__}'.format('') }}", "unsafe"),
    ("format_map", "{{ '{x.__class__}'.format_map({'x': answers}) }}", "unsafe"),
    ("str.format via attr", "{{ ('{0.__class__}'|attr('format'))(answers) }}", "unsafe"),
    ("attr filter", "{{ answers|attr('__class__') }}", "unsafe"),
    ("attr chain", "{{ answers|attr('__class__')|attr('__mro__') }}", "StrictUndefined"),
    ("selectattr", "{{ [answers]|selectattr('__class__')|list }}", "unsafe"),
    ("append to context list", "{{ answers.projects.append('x') }}", "unsafe"),
    ("update a context dict", "{{ answers.update({'a': 1}) }}", "unsafe"),
    ("setitem", "{{ answers.__setitem__('a', 1) }}", "unsafe"),
    ("set attribute", "{% set a = answers %}{% set a.x = 1 %}", "non-namespace"),
    ("huge range", "{{ range(10**9)|length }}", "range() is limited"),
    ("string repetition", "{{ 'a' * 10**9 }}", "too large"),
    ("list repetition", "{{ ['a'] * 10**9 }}", "too large"),
    ("huge power", "{{ 10 ** (10 ** 10) }}", "number that large"),
    ("huge product", "{{ 2**4000 * 2**4000 * 2**4000 }}", "number that large"),
    ("center", "{{ 'a'.center(10**9) }}", "width"),
    ("center filter", "{{ 'a'|center(10**9) }}", "width"),
    ("format width", "{{ '{:>1000000000}'.format('x') }}", "width"),
    ("nested format width", "{{ '{0:{1}}'.format('x', 10**9) }}", "nested format"),
    ("star width", "{{ '%*s'|format(10**9, 'x') }}", "'*' widths"),
    ("percent width", "{{ '%1000000000s' % 'x' }}", "width"),
    ("mapping width", "{{ '%(a)1000000000s'|format(a=1) }}", "width"),
    ("replace", "{{ ('a' * 99999)|replace('a', 'a' * 100) }}", "replace"),
    ("str.replace", "{{ ('a' * 99999).replace('a', 'a' * 100) }}", "replace"),
    ("join separator", "{{ (range(10000)|list)|join('x' * 999999) }}", "too large"),
    ("str.join", "{{ ('x' * 999999).join(range(10000)|map('string')) }}", "join"),
    ("expandtabs", "{{ ('\\t' * 999999).expandtabs(1000)|length }}", "expandtabs"),
    ("indent", "{{ ('x\\n' * 499999)|indent(1000)|length }}", "indent"),
    ("batch fill", "{{ [1]|batch(10**9, 'x')|list|length }}", "width"),
    ("wordwrap", "{{ ('x' * 900000)|wordwrap(1)|length }}", "wordwrap"),
    ("wordwrap of one long text", "{{ ('x' * 900000)|wordwrap|length }}", "wordwrap"),
    ("indent by default", "{{ ('x\\n' * 499999)|indent|length }}", "indent"),
    ("loop over a long list", "{% for i in [0] * 500000 %}{% for j in [0, 1] %}{% endfor %}{% endfor %}", "loop iterations"),
    ("center width by name", "{{ 'a'|center(width=10**9) }}", "width"),
    ("slice count by name", "{{ [1, 2]|slice(slices=10**9)|list|length }}", "width"),
    ("batch count by name", "{{ [1]|batch(linecount=10**9, fill_with='x')|list|length }}", "width"),
    ("expandtabs by name", "{{ ('\\t' * 999999).expandtabs(tabsize=1000)|length }}", "expandtabs"),
    ("tojson indent", "{{ [1]|tojson(indent=10**9) }}", "width"),
    ("tojson nested indent", "{{ ([[0] * 1000] * 100)|tojson(indent=100)|length }}", "tojson"),
    ("mro after a safe one", "{% set ns = namespace(mro=1) %}{{ ns.mro }}{{ joiner.mro() }}", "unsafe"),
    ("shared nested lists", "{{ [[0] * 999999] * 999 }}", "too large"),
    (
        "nested list literal",
        "{% set a = [0] * 999999 %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}{{ b }}",
        "too large",
    ),
    ("sum of lists", "{{ ([[1]] * 999999)|sum(start=[])|length }}", "too large"),
    ("format fields", "{{ ('{0}' * 1000).format('x' * 100000)|length }}", "too large"),
    ("percent fields", "{{ ('%(a)s' * 1000) % {'a': 'x' * 100000} }}", "too large"),
    (
        "many ~ pieces",
        "{% set a = 'x' * 999999 %}{{ (a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a)|length }}",
        "too large",
    ),
    (
        "captured block",
        "{% set a %}{% for i in range(1000) %}{{ 'x' * 999 }}{% endfor %}{% endset %}"
        "{% set b %}{% for i in range(1000) %}{{ a }}{% endfor %}{% endset %}{{ b|length }}",
        "captured block",
    ),
    (
        "filter block",
        "{% filter upper %}{% for i in range(10000) %}{{ 'x' * 999 }}{% endfor %}{% endfilter %}",
        "larger than",
    ),
    (
        "macro capture",
        "{% macro m() %}{% for i in range(10000) %}{{ 'x' * 999 }}{% endfor %}{% endmacro %}"
        "{{ m()|length }}",
        "larger than",
    ),
    ("output size", "{% set x = 'a' * 999999 %}{% for i in range(10) %}{{ x }}{% endfor %}", "output"),
    ("nested loops", "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", "loop iterations"),
    ("macro recursion", "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}", "recursion"),
    ("include absolute", "{% include '/etc/passwd' %}", "/etc/passwd"),
    ("include parent", "{% include '../x' %}", "../x"),
    ("include far parent", "{% include '../../../../../../etc/passwd' %}", "passwd"),
    ("extends absolute", "{% extends '/etc/passwd' %}", "passwd"),
    ("import os", "{% import 'os' as os %}{{ os.system('true') }}", "os"),
    ("from os import", "{% from 'os' import system %}", "os"),
    ("import os.path", "{% import 'os.path' as p %}", "os.path"),
    ("import subprocess", "{% from 'subprocess' import Popen %}", "subprocess"),
    ("import builtins", "{% import '__builtins__' as b %}", "__builtins__"),
    # issue 9: sizes built by bytes methods, translate, many format fields, growth in a loop
    ("bytes center", "{{ 'x'.encode().center(10**9)|length }}", "width"),
    ("bytes repetition", "{{ ('x'.encode() * 10**9)|length }}", "too large"),
    ("bytes expandtabs", "{{ ('\t' * 1000).encode().expandtabs(1000)|length }}", "expandtabs"),
    ("bytes ljust", "{{ 'x'.encode().ljust(10**9)|length }}", "width"),
    ("bytes zfill", "{{ 'x'.encode().zfill(10**9)|length }}", "width"),
    ("bytes replace", "{{ ('a' * 99999).encode().replace('a'.encode(), ('b' * 100).encode())|length }}", "replace"),
    ("bytes join", "{{ ('x' * 999).encode().join([('y' * 999).encode()] * 1000)|length }}", "join"),
    ("bytes concatenation", "{{ (('x' * 999999).encode() + ('x' * 999).encode())|length }}", "too large"),
    ("bytes percent width", "{{ ('%999s' * 2000).encode() % ((1,) * 2000) }}", "too large"),
    ("translate to long strings", "{{ ('a' * 1000).translate({97: 'x' * 100000})|length }}", "translate"),
    ("translate with a list", "{{ ('a' * 1000).translate(['x' * 10000] * 98)|length }}", "translate"),
    ("many format fields", "{{ ('{0:>999}' * 100000).format(1)|length }}", "fields"),
    ("format fields times width", "{{ ('{0:>999}' * 5000).format(1)|length }}", "too large"),
    ("percent fields times width", "{{ ('%999s' * 5000) % ((1,) * 5000) }}", "too large"),
    ("format_map fields", "{{ ('{a:>999}' * 5000).format_map({'a': 1})|length }}", "too large"),
    ("encode namereplace", "{{ ('\u00e9' * 999).encode('ascii', 'namereplace')|length }}", "not allowed"),
    ("encode punycode", "{{ ('\u00e9' * 99999).encode('punycode')|length }}", "not allowed"),
    ("case change grows", "{{ ('\ufb03' * 999999).upper()|length }}", "too large"),
    ("list of a long text", "{{ ('x' * 999999)|list|length }}", "too large"),
    ("title of a long text", "{{ ('x ' * 99999)|title|length }}", "limited"),
    ("dict grown in a loop", "{% set ns = namespace(d={}) %}{% for i in range(10000) %}{% set ns.d = dict(ns.d, **{i|string: 'x' * 999999}) %}{% endfor %}{{ ns.d|length }}", "too large"),
    ("list grown in a loop", "{% set ns = namespace(l=[]) %}{% for i in range(10000) %}{% set ns.l = [ns.l, 'x' * 99999] %}{% endfor %}", "too large"),
    ("doubling nested literal", "{% set ns = namespace(l=[]) %}{% for i in range(100) %}{% set ns.l = [ns.l, ns.l] %}{% endfor %}{{ ns.l == [] }}", "too large"),
    ("text grown in a loop", "{% set ns = namespace(s='') %}{% for i in range(10000) %}{% set ns.s = ns.s[:500000] ~ ('x' * 99999) %}{% endfor %}", "built more than"),
    ("namespaces chained in a loop", "{% set ns = namespace(n=0) %}{% for i in range(10000) %}{% set ns.n = namespace(p=ns.n, v=('x' * 99999) ~ i) %}{% endfor %}", "built more than"),
    ("captured blocks kept in a loop", "{% set big = 'x' * 999999 %}{% set ns = namespace(n=0) %}{% for i in range(10000) %}{% set b %}{{ big }}{% endset %}{% set ns.n = namespace(p=ns.n, v=b) %}{% endfor %}", "built more than"),
    ("wordwrap with a long wrapstring", "{{ ('x' * 99999)|wordwrap(1, wrapstring='y' * 900000)|length }}", "too long here"),
    ("urlize with a long target", "{{ ('http://a.com ' * 7000)|urlize(target='x' * 900000)|length }}", "too long here"),
    # issue 9: exceptions a template can raise, each one line
    ("format missing name", "{{ '{a}'.format(b=1) }}", "no value for 'a'"),
    ("format missing index", "{{ '{0}'.format() }}", "index"),
    ("percent missing key", "{{ '%(a)s' % {} }}", "no value for 'a'"),
    ("empty cycler", "{{ cycler().next() }}", "at least one item"),
    ("unknown text method", "{{ 'x'.__sizeof__() }}", "unsafe"),
    # issue 9, second pass: methods of numbers and of Markup, checked from their arguments
    ("int.to_bytes", "{{ (1).to_bytes(10**9, 'big')|length }}", "to_bytes"),
    ("int.to_bytes by name", "{{ (1).to_bytes(length=10**9, byteorder='little')|length }}", "to_bytes"),
    ("Markup.center", "{{ ('x'|e).center(10**9)|length }}", "width"),
    ("Markup.zfill", "{{ ('x'|e).zfill(10**9)|length }}", "width"),
    ("Markup.escape", "{{ ('x'|e).escape('\"' * 999999)|length }}", "escaped"),
    ("Markup.striptags", "{{ (('<a>' * 40000)|e).striptags()|length }}", "striptags is limited"),
    ("a huge number from a filter", "{{ ('f' * 999999)|int(base=16) }}", "number that large"),
    ("a huge number literal", "{{ 0x" + "f" * 2000 + " > 0 }}", "number that large"),
    ("a huge number from bytes", "{{ (1).from_bytes(('x' * 200000).encode(), 'big') > 0 }}", "number that large"),
    ("pprint of nested lists", "{{ ([['x' * 9] * 100] * 900)|pprint|length }}", "pprint"),
]  # fmt: skip


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The mini root's sets (loaded once: every test here only reads them)."""
    home = tmp_path_factory.mktemp("library")
    env = {"WBL_TUI_DATA_DIR": str(home / "none"), "WBL_TUI_CACHE_DIR": str(home / "c")}
    library = Library(make_settings([MINI / "questions"], [], env))
    library.find_set("mini-assessment")
    return library


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A template root, with a secret file beside it (outside the root)."""
    (tmp_path / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.md.j2").write_text(f"{SECRET}\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    return folder


@pytest.fixture
def render(library: Library, root: Path) -> Render:
    """Render ``source`` as the template of the mini assessment, as ``wbl-tui render`` would."""
    counter = iter(range(1_000_000))

    def run(source: str, answers: dict[str, object] | None = None) -> str:
        name = f"t{next(counter)}.md.j2"
        (root / name).write_text(source, encoding="utf-8")
        doc = Document(library.find_set("mini-assessment"), dict(answers or ANSWERS))  # type: ignore[arg-type]
        return Renderer(library, date(2026, 11, 22), (root,)).render(doc, name)

    return run


def _refused(render: Render, source: str) -> str:
    """The one-line error ``source`` ends in, checked for leaked file content."""
    with pytest.raises(WblError) as info:
        render(source)
    message = str(info.value)
    assert isinstance(info.value, BadInput)
    assert len(info.value.problems) == 1 and "\n" not in message, message
    assert len(message) < 400, message
    assert "Traceback" not in message and SECRET not in message and "root:x:0" not in message
    return message


@pytest.mark.parametrize(("what", "source", "fragment"), ESCAPES, ids=[e[0] for e in ESCAPES])
def test_a_template_cannot_escape(render: Render, what: str, source: str, fragment: str) -> None:
    message = _refused(render, source)
    assert "template error: " in message
    assert "longer than" not in message, f"{what}: refused by the clock, not up front"
    assert fragment in message, f"{what}: {message}"


def test_the_context_is_not_changed_by_a_refused_write(library: Library, root: Path) -> None:
    (root / "t.md.j2").write_text("{% set _ = answers.projects.append('x') %}", encoding="utf-8")
    doc = Document(library.find_set("mini-assessment"), dict(ANSWERS))  # type: ignore[arg-type]
    with pytest.raises(BadInput):
        Renderer(library, date(2026, 11, 22), (root,)).render(doc, "t.md.j2")
    assert doc.answers["projects"] == ["judged", "none"]


def test_a_slow_loop_is_stopped_by_the_clock(render: Render) -> None:
    # Each step is slow enough that the iteration cap is far away: only the clock stops it.
    source = (
        "{% for i in range(10000) %}{% for j in range(100) %}"
        "{{ ('ab ' * 300)|wordwrap(2)|length }}{% endfor %}{% endfor %}"
    )
    message = _refused(render, source)
    assert f"longer than {MAX_SECONDS:g} s" in message


def test_a_symlinked_template_pointing_outside_is_not_followed(render: Render, root: Path) -> None:
    (root / "link.md.j2").symlink_to(root.parent / "secret.txt")
    (root / "sub").symlink_to(root.parent / "outside", target_is_directory=True)
    for source in (
        "{% include 'link.md.j2' %}",
        "{% include 'sub/x.md.j2' %}",
        "{% import 'sub/x.md.j2' as x %}",
        "{% extends 'link.md.j2' %}",
    ):
        assert "template error: " in _refused(render, source)


def test_a_symlink_as_the_template_itself_is_refused(library: Library, root: Path) -> None:
    (root / "link.md.j2").symlink_to(root.parent / "secret.txt")
    doc = Document(library.find_set("mini-assessment"), dict(ANSWERS))  # type: ignore[arg-type]
    with pytest.raises(BadInput) as info:
        Renderer(library, date(2026, 11, 22), (root,)).render(doc, "link.md.j2")
    assert "template not found" in str(info.value) and SECRET not in str(info.value)


def test_a_symlink_inside_the_root_still_works(render: Render, root: Path) -> None:
    (root / "part.txt.j2").write_text("inside", encoding="utf-8")
    (root / "alias.md.j2").symlink_to(root / "part.txt.j2")
    assert render("{% include 'alias.md.j2' %}") == "inside"


def test_answer_text_is_never_run(render: Render) -> None:
    text = "{{ 7*7 }} {% include '/etc/passwd' %} {{ ''.__class__ }}"
    out = render(
        "{{ answers.course_title }}|{{ labels.course_title }}", {**ANSWERS, "course_title": text}
    )
    assert out == f"{text}|{text}"


def test_dict_keys_and_methods_read_as_jinja_reads_them(render: Render) -> None:
    # A key read with a dot, a method of the dict itself, and a key that names a method.
    source = (
        "{{ answers.course_title }}|{{ answers.get('nope', 'none') }}|"
        "{{ {'items': 1}.items()|list }}|{{ {'x': 1}.y is defined }}"
    )
    assert render(source) == "ESL 120|none|[('items', 1)]|False"


def test_legitimate_templates_still_render(render: Render) -> None:
    source = (
        "{% set ns = namespace(n=0) %}{% for p in answers.projects %}{% set ns.n = ns.n + 1 %}"
        "{% endfor %}{{ ns.n }} {{ answers.projects|join(', ') }} {{ 'ab' ~ 'cd' }} "
        "{{ '%-5s|' % 'x' }}{{ '{:>4}'.format(7) }} {{ 'x'|center(5) }}|{{ [1, 2]|sum }} "
        "{{ 'a\\tb'.expandtabs(4) }} {{ 'l1\\nl2'|indent(2) }}"
    )
    assert render(source) == "2 judged, none abcd x    |   7   x  |3 a   b l1\n  l2"


# -- expressions: a failing `when` reads as false, a failing default gives no default ------

EXPRESSIONS = [
    "''.__class__.__mro__",
    "''.__class__.__mro__[1].__subclasses__()",
    "cycler.__init__.__globals__",
    "joiner.__init__.__globals__",
    "namespace.__init__.__globals__",
    "'{0.__class__}'.format(answers)",
    "'{x.__class__}'.format_map({'x': answers})",
    "answers|attr('__class__')",
    "range(10**9)|length > 0",
    "('a' * 10**9)|length > 0",
    "10 ** (10 ** 10) > 0",
    "'a'.center(10**9)",
    "'%*s'|format(10**9, 'x')",
    "(range(10000)|list)|join('x' * 999999)",
    "([[0] * 999999] * 999)|string",
    "answers.projects.append('x')",
    "config or request or lipsum",
    # issue 9
    "'x'.encode().center(10**9)|length > 0",
    "('x'.encode() * 10**9)|length > 0",
    "('a' * 1000).translate({97: 'x' * 100000})|length > 0",
    "('{0:>999}' * 100000).format(1)|length > 0",
    "'{a}'.format(b=1)",
    "'{0}'.format()",
    "'%(a)s' % {}",
    "cycler().next()",
    "('\u00e9' * 99999).encode('punycode')",
    "('x' * 999999)|list|length > 0",
    "(1).to_bytes(10**9, 'big')|length > 0",
    "('x'|e).center(10**9)|length > 0",
    "('f' * 999999)|int(base=16) > 0",
]


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_a_when_expression_cannot_escape(source: str) -> None:
    answers = {"projects": ["judged"]}
    assert not flow.evaluate(source, {"answers": answers, **answers})
    assert answers == {"projects": ["judged"]}
    # Straight through the sandbox: an error, or at most none (an unsafe attribute is undefined).
    sandbox = Sandbox()
    try:
        value = sandbox.evaluate(sandbox.compile_expression(source), {"answers": answers})
        bool(value)
    except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError, RuntimeError):
        return
    assert value is None


def test_a_hostile_when_in_a_set_hides_the_question(
    make_set: Callable[..., QuestionSet], tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    qset = make_set(
        f"""\
        sections:
          - id: s
            title: S
            questions:
              - {{id: a, prompt: A, type: text}}
              - id: b
                prompt: B
                type: text
                when: "cycler.__init__.__globals__.os.system('touch {marker}') or a"
        """
    )
    assert flow.visibility(qset, {"a": "yes"}) == {"a": True, "b": False}
    assert not marker.exists()


@pytest.mark.parametrize(
    "default",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% include '/etc/passwd' %}{{ a }}",
        "{{ 'a' * 10**9 }}",
        "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}{{ a }}",
        "{{ a.__class__ }}",
    ],
)
def test_a_hostile_default_gives_no_default(
    make_set: Callable[..., QuestionSet], catalogue: Catalogue, default: str
) -> None:
    qset = make_set(
        f"""\
        sections:
          - id: s
            title: S
            questions:
              - {{id: a, prompt: A, type: text}}
              - {{id: b, prompt: B, type: text, default: {default!r}}}
        """
    )
    q = qset.question("b")
    assert q is not None
    assert flow.default_for(q, {"a": "hello"}, None, None, catalogue) is None


def test_answer_text_in_a_default_is_data(
    make_set: Callable[..., QuestionSet], catalogue: Catalogue
) -> None:
    qset = make_set(
        """\
        sections:
          - id: s
            title: S
            questions:
              - {id: a, prompt: A, type: text}
              - {id: b, prompt: B, type: text, default: "About {{ a }}"}
        """
    )
    q = qset.question("b")
    assert q is not None
    got = flow.default_for(q, {"a": "{{ 7*7 }}"}, None, None, catalogue)
    assert got == "About {{ 7*7 }}"
