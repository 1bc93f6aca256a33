"""Properties over generated sets and answers: load or fail cleanly, render, score in range."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.props.strategies import answers_for, question_sets
from wbl_tui.engine import flow
from wbl_tui.engine.document import Document
from wbl_tui.engine.library import Library
from wbl_tui.engine.render import Renderer
from wbl_tui.engine.scoring import assess
from wbl_tui.errors import BadInput
from wbl_tui.model.disciplines import Catalogue
from wbl_tui.model.questions import loads_question_set
from wbl_tui.paths import make_settings

GENERIC = """# {{ set.title }}
{% for section in set.sections %}
## {{ section.title }}
{% for q in section.questions if q.id in answers %}
- {{ q.prompt }}: {{ labels[q.id] }}
{% endfor %}
{% endfor %}
{% if assessment %}Stage: {{ assessment.stage_label }}
{% for s in set.scales %}{{ s.label }} {{ assessment.pct[s.id] }}%
{% endfor %}{% endif %}
"""

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> Renderer:
    templates = tmp_path_factory.mktemp("templates")
    (templates / "generic.md.j2").write_text(GENERIC, encoding="utf-8")
    settings_ = make_settings(
        templates_dirs=[templates], env={"WBL_TUI_DATA_DIR": str(templates / "none")}
    )
    return Renderer(Library(settings_))


@FAST
@given(data=question_sets(), cut=st.integers(0, 2000), junk=st.text(max_size=20))
def test_loader_accepts_or_fails_with_a_located_line(
    data: dict[str, Any], cut: int, junk: str
) -> None:
    """Whole, truncated or spliced: the loader returns a set or raises BadInput with file:line."""
    text = dump(data)
    mutated = text[:cut] + junk + text[cut:]
    for candidate in (text, text[:cut], mutated):
        try:
            loads_question_set(candidate, Path("gen.yaml"))
        except BadInput as exc:
            assert exc.problems
            for problem in exc.problems:
                assert problem.file == "gen.yaml"
                assert "\n" not in problem.message
                assert str(problem).startswith("gen.yaml")


@FAST
@given(st.data())
def test_accepted_sets_render_and_score_within_bounds(
    renderer: Renderer, data: st.DataObject
) -> None:
    raw = data.draw(question_sets())
    qset = loads_question_set(dump(raw), Path("gen.yaml"))
    answers = data.draw(answers_for(raw))
    assert flow.problems(qset, answers, Catalogue()) == {} or any(
        q.required for q in qset.questions()
    )
    result = assess(qset, answers, Catalogue())
    for scale, pct in result.pct.items():
        assert 0 <= pct <= 100, (scale, pct)
    assert result.stage in ("about", "through", "for")
    text = renderer.render(Document(qset, answers))
    assert text.startswith("# ")


@FAST
@given(st.data())
def test_scores_do_not_depend_on_option_order(data: st.DataObject) -> None:
    raw = data.draw(question_sets())
    answers = data.draw(answers_for(raw))
    shuffled = yaml.safe_load(dump(raw))
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    for section in shuffled["sections"]:
        for q in section["questions"]:
            if "options" in q:
                rng.shuffle(q["options"])
    a = assess(loads_question_set(dump(raw), Path("a.yaml")), answers, Catalogue())
    b = assess(loads_question_set(dump(shuffled), Path("b.yaml")), answers, Catalogue())
    assert a.score == b.score
    assert a.maximum == b.maximum
    assert a.pct == b.pct
    assert a.stage == b.stage
