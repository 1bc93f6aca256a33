"""Answers files for people: ``answers new``, headless defaults, every problem at once, versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from wbl_tui.cli import main
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
ESL = GOLDEN / "esl-guest-speakers.answers.yaml"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def _esl() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(ESL.read_text(encoding="utf-8"))


def _write(path: Path, data: dict) -> Path:  # type: ignore[type-arg]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_answers_new_lists_every_question_with_its_help(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["answers", "new", "wbl-lesson-plan"], capsys)
    assert code == 0
    data = yaml.safe_load(out)  # valid YAML as it comes
    qset = Library(make_settings()).find_set("wbl-lesson-plan")
    assert list(data["answers"]) == [q.id for q in qset.questions()]
    assert data["question_set"] == {"id": "wbl-lesson-plan", "version": qset.version}
    assert data["answers"]["paid"] is False  # a fixed default is the value
    assert data["answers"]["course_title"] is None  # a worked-out default is left empty
    assert "  # Course title  (text, one line, required)" in out
    assert (
        "  #   classroom: On our campus: classroom, lab, shop or kitchen (the partner comes to us)"
        in out
    )
    assert "  # Asked only when: stage == 'for'" in out
    assert "  # Limits: at least 3 characters, at most 120 characters." in out
    target = tmp_path / "mine.answers.yaml"
    assert run(["answers", "new", "wbl-lesson-plan", "-o", str(target)], capsys)[0] == 0
    assert target.read_text(encoding="utf-8") == out
    code, _, err = run(["answers", "new", "wbl-lesson-plan", "-o", str(target)], capsys)
    assert code == 2 and "already exists" in err


def test_answers_new_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A person fills in the required answers (as the ESL instructor did) and renders."""
    target = tmp_path / "esl.answers.yaml"
    assert run(["answers", "new", "wbl-lesson-plan", "-o", str(target)], capsys)[0] == 0
    qset = Library(make_settings()).find_set("wbl-lesson-plan")
    given = _esl()["answers"]
    # required, and no fixed default; opportunities is left to its default (the class size)
    needed = {
        q.id
        for q in qset.questions()
        if q.required and (q.default is None or "{{" in str(q.default))
    } - {"opportunities"}
    lines = target.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        qid = line.strip().rstrip(":")
        if line.startswith("  ") and line.endswith(":") and qid in needed and qid in given:
            lines[i] = f"  {qid}: {json.dumps(given[qid], ensure_ascii=False)}"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(["render", str(target)], capsys)
    assert code == 0, err
    assert "Guest speakers from local employers" in out
    # defaults filled the rest: the discipline's skills, the agreement, the opportunities
    code, out, _ = run(["tally", str(target), "--per-plan", "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["per_plan"][0]["opportunities"] == given["class_size"]


def test_headless_defaults_like_the_wizard(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _esl()
    for qid in ("opportunities", "agreement"):
        del data["answers"][qid]
    path = _write(tmp_path / "p.answers.yaml", data)
    code, out, err = run(["render", str(path)], capsys)
    assert code == 0, err
    code, out, _ = run(["tally", str(path), "--per-plan", "--format", "json"], capsys)
    assert json.loads(out)["per_plan"][0]["opportunities"] == 24  # the class size


def test_every_problem_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _esl()
    data["answers"]["class_size"] = "about 40"
    data["answers"]["setting"] = (
        "On our campus: classroom, lab, shop or kitchen (the partner comes to us)"
    )
    data["answers"]["reflection_format"] = ["Written", "discussion"]
    del data["answers"]["objectives"]
    data["answers"]["stage"] = "for"  # now safety is asked: it takes its default, no problem
    path = _write(tmp_path / "p.answers.yaml", data)
    code, _, err = run(["render", str(path)], capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 4, err
    assert any("'class_size' must be a number" in ln and f"{path}:" in ln for ln in lines)
    assert any("setting:" in ln and "(did you mean 'classroom'?)" in ln for ln in lines)
    assert any("reflection_format:" in ln and "(did you mean 'written'?)" in ln for ln in lines)
    assert any("objectives: This question needs an answer" in ln for ln in lines)
    assert not any("safety" in ln for ln in lines)
    for line in lines[:3]:  # answers that are in the file carry line:col
        assert line.startswith(f"{path}:") and line.split(":")[1].isdigit()


@pytest.mark.parametrize(("version", "ok"), [("1.0.0", True), ("1.4", True), ("2.0.0", False)])
def test_set_versions(
    version: str, ok: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _esl()
    data["question_set"]["version"] = version
    path = _write(tmp_path / "p.answers.yaml", data)
    code, _, err = run(["render", str(path)], capsys)
    if ok:
        assert code == 0, err
    else:
        assert code == 2
        assert "2.0.0" in err and "1.1.0" in err and len(err.strip().splitlines()) == 1


def test_validate_recognises_an_answers_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["questions", "validate", str(ESL)], capsys)
    assert code == 0 and "answers to wbl-lesson-plan@1.1.0" in out
    data = _esl()
    del data["format"]
    data["answers"]["class_size"] = "about 40"
    path = _write(tmp_path / "p.answers.yaml", data)
    code, out, _ = run(["questions", "validate", str(path)], capsys)
    assert code == 2
    assert f"{path}:1:1: no 'format: wbl-answers/1' line" in out
    assert "'class_size' must be a number" in out
    assert "missing required key 'id'" not in out


def test_the_readme_example_renders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("format: wbl-answers/1\nquestion_set: {id: wbl-lesson-plan")
    path = tmp_path / "readme.answers.yaml"
    path.write_text(readme[start : readme.index("```", start)], encoding="utf-8")
    code, out, err = run(["render", str(path)], capsys)
    assert code == 0, err
    code, out, _ = run(["tally", str(path), "--per-plan", "--format", "json"], capsys)
    assert json.loads(out)["per_plan"][0]["opportunities"] == 24  # the default, as it says


def test_every_bad_item_of_a_list_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Labels, an unknown value and a repeat in one list: each at its item, in one run;
    then what is still wrong with the list meant (here: 'none' beside another answer)."""
    text = ESL.read_text(encoding="utf-8")
    text = text.replace(
        "  skills: [communication, professionalism, adaptability]",
        "  skills: [Communication, Professionalism, nope, adaptability, adaptability]",
    ).replace(
        "    through_activities: [none]",
        "    through_activities: [none, Simulation]\n    through_reach: few",
    )
    path = tmp_path / "p.answers.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(["questions", "validate", str(path)], capsys)
    assert code == 2
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith("  skills:"))
    assert out.splitlines()[:4] == [
        f"{path}:{line}:12: skills: 'Communication' is not one of the choices"
        " (did you mean 'communication'?)",
        f"{path}:{line}:27: skills: 'Professionalism' is not one of the choices"
        " (did you mean 'professionalism'?)",
        f"{path}:{line}:44: skills: 'nope' is not one of the choices.",
        f"{path}:{line}:64: skills: 'adaptability' is picked more than once;"
        " pick each choice once.",
    ], out
    at = next(n for n, ln in enumerate(text.splitlines(), 1) if "Simulation" in ln)
    assert out.splitlines()[4:] == [
        f"{path}:{at}:25: assessment: through_activities: 'None of these yet' can't be picked"
        " together with other answers.",
        f"{path}:{at}:32: assessment: through_activities: 'Simulation' is not one of the"
        " choices (did you mean 'simulation'?)",
    ], out
    assert len(out.strip().splitlines()) == 6, out


def test_a_key_given_twice_is_reported_with_the_other_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        ESL.read_text(encoding="utf-8")
        .replace("  minors: false\n", "  minors: no\n  term: Spring 2027\n  term: Fall 2027\n")
        .replace("  setting: classroom\n", "  setting: In our classroom\n")
    )
    path = tmp_path / "p.answers.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    at = {key: lines.index(f"  {key}") + 1 for key in ("minors: no", "term: Fall 2027")}
    for command in (["questions", "validate"], ["render"]):
        code, out, err = run([*command, str(path)], capsys)
        assert code == 2
        found = (out + err).strip().splitlines()
        assert found[:2] == [
            f"{path}:{at['minors: no']}:11: 'minors' must be true or false",
            f"{path}:{at['term: Fall 2027']}:3: duplicate key 'term'",
        ]
        assert "(did you mean 'classroom'?)" in found[2] and len(found) == 3, found


@pytest.mark.parametrize("class_size", ["about 40", 24.5])
def test_no_knock_on_problems_for_defaults_that_wait_on_a_wrong_answer(
    class_size: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """participants and opportunities follow class_size (opportunities through
    participants); course_title follows the attached assessment's. While those are wrong,
    the empty answers are not reported as needing one: they take their defaults once
    the wrong answers are fixed."""
    data = _esl()
    for qid in ("participants", "opportunities", "course_title"):
        del data["answers"][qid]
    data["answers"]["class_size"] = class_size
    data["assessment"]["answers"]["deepest"] = "everything"
    path = _write(tmp_path / "p.answers.yaml", data)
    code, out, _ = run(["questions", "validate", str(path)], capsys)
    assert code == 2
    lines = out.strip().splitlines()
    assert len(lines) == 2, out
    assert "class_size" in lines[0] and "assessment: deepest: 'everything'" in lines[1]
    data["answers"]["class_size"] = 24
    data["assessment"]["answers"]["deepest"] = "hear"
    _write(path, data)
    code, out, _ = run(["questions", "validate", str(path)], capsys)
    assert code == 0, out


def test_the_scaffold_promises_only_defaults_it_can_work_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """course_title, discipline, course_level and stage come only from an attached
    self-assessment: a file written by hand has none, so it says to answer them."""
    code, out, _ = run(["answers", "new", "wbl-lesson-plan"], capsys)
    assert code == 0
    blocks = {b.rsplit("\n", 1)[-1].strip(): b for b in out.split(":\n\n")}
    from_assessment = "taken from an attached self-assessment (an 'assessment:' block),"
    for qid in ("course_title", "discipline", "course_level", "stage"):
        assert from_assessment in blocks[qid] and "other answers" not in blocks[qid]
        assert "which this file does not have; answer it." in blocks[qid]
    assert "If left empty: worked out from your other answers" in blocks["participants"]


def test_a_template_the_file_names_must_be_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate checks it as render does; both name the answers file and its line:col."""
    text = ESL.read_text(encoding="utf-8").replace("saved:", "template: nope\nsaved:", 1)
    path = tmp_path / "p.answers.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("template: nope") + 1
    expected = f"{path}:{line}:11: template 'nope' not found (nope.md.j2) in "
    for command in (["questions", "validate"], ["render"]):
        code, out, err = run([*command, str(path)], capsys)
        assert code == 2
        assert (out + err).startswith(expected) and (out + err).count("\n") == 1, out + err
    path.write_text(text.replace("template: nope", "template: partner_brief"), encoding="utf-8")
    code, out, _ = run(["questions", "validate", str(path)], capsys)
    assert code == 0, out


def test_version_problems_point_at_the_version_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ESL.read_text(encoding="utf-8")
    main_ref = "question_set: {id: wbl-lesson-plan, version: 1.0.0}"
    attached = "  question_set: {id: continuum-self-assessment, version: 1.0.0}"
    path = tmp_path / "p.answers.yaml"
    cases = [
        (
            text.replace(main_ref, main_ref.replace("1.0.0", "abc")),
            main_ref,
            "question_set version 'abc' is not a version number: write the version of "
            "wbl-lesson-plan the answers were written for (installed: 1.1.0)",
        ),
        (
            text.replace(main_ref, main_ref.replace("1.0.0", "2.0.0")),
            main_ref,
            "written for wbl-lesson-plan version 2.0.0, but the installed set is version 1.1.0",
        ),
        (
            text.replace(attached, attached.replace("1.0.0", "3.0.0")),
            attached,
            "assessment: written for continuum-self-assessment version 3.0.0, but the "
            "installed set is version 1.1.0",
        ),
    ]
    for written, ref, expected in cases:
        path.write_text(written, encoding="utf-8")
        line = text.splitlines().index(ref) + 1
        col = ref.index("version: ") + len("version: ") + 1
        code, _, err = run(["render", str(path)], capsys)
        assert code == 2 and err.count("\n") == 1, err
        assert err.startswith(f"{path}:{line}:{col}: {expected}"), err
    assert "take the 'assessment:' block out" in err and "answers new" not in err
