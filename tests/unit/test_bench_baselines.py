"""``make bench`` compares against plain baselines; they must still run on today's templates.

(The rendering baseline broke unseen once the templates began to use the engine's own
``unfinished`` and ``placeholder`` tests: ``make bench`` stopped half-way.)
"""

from __future__ import annotations

from pathlib import Path

from bench import rendering
from wbl_tui.engine.document import read_document
from wbl_tui.engine.library import Library
from wbl_tui.engine.render import Renderer
from wbl_tui.paths import make_settings


def test_the_plain_jinja_baseline_renders_every_golden_plan(tmp_path: Path) -> None:
    golden = sorted(rendering.GOLDEN.glob("*.answers.yaml"))
    library = Library(make_settings())
    renderer = Renderer(library)
    plain = rendering.plain_environment()
    for path in rendering.make_answers(tmp_path, count=len(golden)):
        doc = read_document(path, library)
        text = plain.get_template(renderer.template_name(doc)).render(renderer.context(doc))
        assert str(doc.answers["course_title"]) in text, path
