"""The ``wbl-tui`` command line through ``main()``, and once as a real process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from wbl_tui import __version__
from wbl_tui.cli import main

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ROOT_QUESTIONS = DATA / "root" / "questions"
ROOT_TEMPLATES = DATA / "root" / "templates"
GOLDEN = DATA / "golden"
BUILT_IN = sorted((REPO / "questions").glob("*.yaml"))


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "questions" in capsys.readouterr().out


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["render"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2
    capsys.readouterr()


def test_questions_list_shows_built_in_and_user_sets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["questions", "list"], capsys)
    assert code == 0
    assert "continuum-self-assessment" in out and "wbl-lesson-plan" in out
    assert "built-in" in out
    # A coordinator's root on WBL_TUI_PATH, and a folder given after the command.
    shared = tmp_path / "shared"
    shutil.copytree(DATA / "root", shared)
    monkeypatch.setenv("WBL_TUI_PATH", str(shared))
    code, out, _ = run(["questions", "list"], capsys)
    assert code == 0
    line = next(ln for ln in out.splitlines() if ln.startswith("mini-assessment"))
    assert "1.0.0" in line and "assessment" in line and "WBL_TUI_PATH" in line
    monkeypatch.delenv("WBL_TUI_PATH")
    code, out, _ = run(["questions", "list", "--questions", str(ROOT_QUESTIONS)], capsys)
    assert "--questions" in next(ln for ln in out.splitlines() if ln.startswith("mini-"))


def test_questions_names_a_root_as_well_as_a_folder_of_sets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A root (questions/ and templates/ inside) works; a folder with no sets is an error.

    Before, both were silently ignored and the built-in sets used instead.
    """
    code, out, _ = run(["questions", "list", "--questions", str(DATA / "root")], capsys)
    assert code == 0
    assert "--questions" in next(ln for ln in out.splitlines() if ln.startswith("mini-"))
    answers = tmp_path / "a.answers.yaml"
    answers.write_text(
        "format: wbl-answers/1\nquestion_set: {id: mini-assessment, version: 1.0.0}\n"
        "answers:\n  course_title: Intro ESL\n  discipline: esl\n  speakers: never\n",
        encoding="utf-8",
    )
    code, out, err = run(["render", "--questions", str(DATA / "root"), str(answers)], capsys)
    assert code == 0, err
    assert out.startswith("# Intro ESL — ")  # the root's own template
    empty = tmp_path / "my sets"
    empty.mkdir()
    code, out, err = run(["questions", "list", "--questions", str(empty)], capsys)
    assert code == 2 and out == ""
    assert err == f"{empty}: no question sets here (.yaml files), and no questions/ folder\n"


def test_validate_built_in_content(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["questions", "validate", *map(str, BUILT_IN)], capsys)
    assert code == 0, out
    assert out.count(": ok (") == len(BUILT_IN)


def test_validate_reports_every_problem_with_a_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "two-problems.yaml"
    bad.write_text(
        "format: wbl-questions/1\nid: x\nversion: 1.0.0\nkind: plan\ntitle: T\nsections:\n"
        "  - id: s\n    title: S\n    questions:\n"
        "      - {id: a, prompt: A, type: text, placehlder: p}\n"
        "      - {id: a, prompt: B, type: text}\n",
        encoding="utf-8",
    )
    code, out, _ = run(["questions", "validate", str(bad)], capsys)
    assert code == 2
    assert (
        f"{bad}:10:40: unknown key 'placehlder' in a question (did you mean 'placeholder'?)" in out
    )
    assert f"{bad}:11:14: question id 'a' is used twice" in out


# A bad file -> the one problem `questions validate` must report, as file:line:col: message.
VALIDATE_MESSAGES = {
    "set-unknown-key.yaml": "11:40: unknown key 'placehlder' in a question (did you mean",
    "set-duplicate-key.yaml": "6:1: duplicate key 'title'",
    "set-duplicate-question-id.yaml": "11:14: question id 'a' is used twice (first at line 10)",
    "set-wrong-type.yaml": "10:50: required must be true or false",
    "set-option-value-not-unique.yaml": "13:41: option value 'x' is used twice",
    "set-when-syntax.yaml": "11:46: when does not compile",
    "set-default-bad-expression.yaml": "10:49: default does not compile",
    "set-when-later-question.yaml": "10:46: when reads 'b', which is not a question asked before",
    "set-scores-unknown-scale.yaml": "14:49: unknown key 'abuot' in scores (did you mean 'about'?)",
    "set-placement-unknown-stage.yaml": "17:38: stage 'beyond' is not one of about, through, for",
    "set-default-not-an-option.yaml": "14:18: default: 'weekly' is not one of the options",
    "set-default-off-the-scale.yaml": "13:18: default: 9 is outside the range [1, 5]",
    "set-yaml11-yes.yaml": "13:19: required must be true or false",
    "catalogue-unknown-key.yaml": "5:5: unknown key 'industrys' in a discipline (did you mean",
}


@pytest.mark.parametrize("name", sorted(VALIDATE_MESSAGES))
def test_validate_names_the_problem_and_its_place(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = DATA / "bad" / name
    code, out, _ = run(["questions", "validate", str(path)], capsys)
    assert code == 2
    assert out.splitlines() == [ln for ln in out.splitlines() if ln.startswith(f"{path}:")]
    assert f"{path}:{VALIDATE_MESSAGES[name]}" in out, out


def test_validate_mixes_good_and_bad_files(capsys: pytest.CaptureFixture[str]) -> None:
    bad = DATA / "bad" / "set-unknown-key.yaml"
    code, out, _ = run(["questions", "validate", str(BUILT_IN[0]), str(bad)], capsys)
    assert code == 2
    assert f"{BUILT_IN[0]}: ok (" in out and f"{bad}:11:40:" in out


def test_schema_is_json_and_every_built_in_set_validates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["questions", "schema"], capsys)
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in BUILT_IN:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("format") == "wbl-questions/1":
            jsonschema.validate(data, schema)


BAD_FOR_BOTH = [
    "set-unknown-key.yaml",
    "set-wrong-type.yaml",
    "set-unknown-question-type.yaml",
    "set-top-level-list.yaml",
    "set-empty.yaml",
    "set-placement-unknown-stage.yaml",
    "set-score-too-large.yaml",
    "set-reserved-id-items.yaml",
    "set-reserved-id-answers.yaml",
]


@pytest.mark.parametrize("name", BAD_FOR_BOTH)
def test_loader_and_schema_agree_on_bad_sets(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["questions", "schema"])
    schema = json.loads(capsys.readouterr().out)
    path = DATA / "bad" / name
    code, _, _ = run(["questions", "validate", str(path)], capsys)
    assert code == 2
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_render_one_file_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["render", str(GOLDEN / "esl-guest-speakers.answers.yaml")], capsys)
    assert code == 0
    assert out.startswith("---\n")
    assert "question_set: wbl-lesson-plan@1.1.0" in out
    assert "date: 2026-11-22" in out  # SOURCE_DATE_EPOCH, set by conftest
    assert (GOLDEN / "expected" / "esl-guest-speakers.md").read_text(encoding="utf-8") == out


def test_render_to_a_file_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = GOLDEN / "nursing-clinical.answers.yaml"
    target = tmp_path / "plan.md"
    assert run(["render", str(answers), "-o", str(target)], capsys)[0] == 0
    first = target.read_text(encoding="utf-8")
    target.write_text("my own edits\n", encoding="utf-8")
    code, _, err = run(["render", str(answers), "-o", str(target)], capsys)
    assert code == 2 and str(target) in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "my own edits\n"
    assert run(["render", str(answers), "-o", str(target), "--force"], capsys)[0] == 0
    assert target.read_text(encoding="utf-8") == first


def test_render_batch_out_dir_html_and_partner_brief(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted(GOLDEN.glob("*.answers.yaml"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _, err = run(["render", *map(str, files), "--out-dir", str(out_dir)], capsys)
    assert code == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(
        f.name.replace(".answers.yaml", ".md") for f in files
    )
    code, _, _ = run(
        ["render", str(files[0]), "--out-dir", str(out_dir), "--format", "html"], capsys
    )
    assert code == 0
    html = (out_dir / files[0].name.replace(".answers.yaml", ".html")).read_text(encoding="utf-8")
    assert "<h1>" in html or "<h2>" in html
    code, out, _ = run(["render", str(files[0]), "--template", "partner_brief.md.j2"], capsys)
    assert code == 0 and out.strip()
    # several answers files without --out-dir is a usage error
    assert run(["render", *map(str, files[:2])], capsys)[0] == 2


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_render_in_several_processes_gives_the_same_files_and_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from wbl_tui.engine import batch

    monkeypatch.setattr(batch, "MIN_FILES_PER_JOB", 1)  # fork even for a handful of files
    good = sorted(GOLDEN.glob("*.answers.yaml"))
    bad = DATA / "bad" / "answers-not-an-option.answers.yaml"
    outputs = {}
    for jobs in ("1", "3"):
        out_dir = tmp_path / jobs
        out_dir.mkdir()
        code, _, err = run(
            ["render", *map(str, good), "--out-dir", str(out_dir), "--jobs", jobs], capsys
        )
        assert code == 0, err
        outputs[jobs] = {p.name: p.read_bytes() for p in out_dir.iterdir()}
        # A bad file among good ones: its problems, in file order, and nothing written.
        files = [*good[:2], bad, *good[2:], bad]
        empty = tmp_path / f"empty-{jobs}"
        empty.mkdir()
        code, _, err = run(
            ["render", *map(str, files), "--out-dir", str(empty), "--jobs", jobs], capsys
        )
        assert code == 2 and err.count(str(bad)) == 2 and not any(empty.iterdir())
        outputs[f"err{jobs}"] = err
    assert outputs["1"] == outputs["3"] and len(outputs["1"]) == len(good)
    assert outputs["err1"] == outputs["err3"]
    with pytest.raises(SystemExit):
        main(["render", str(good[0]), "--jobs", "0"])
    capsys.readouterr()


def test_render_drops_hidden_answers_and_recomputes_scores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """placement_share is asked only when placements is true: its answer must not count."""
    answers = tmp_path / "a.answers.yaml"
    answers.write_text(
        "format: wbl-answers/1\nquestion_set: {id: mini-assessment, version: 1.0.0}\n"
        "answers:\n  course_title: '{{ 7*7 }} ESL'\n  discipline: esl\n  speakers: never\n"
        "  placements: false\n  placement_share: all\n",
        encoding="utf-8",
    )
    argv = ["render", "--questions", str(ROOT_QUESTIONS), "--templates", str(ROOT_TEMPLATES)]
    code, out, err = run([*argv, str(answers)], capsys)
    assert code == 0, err
    assert "{{ 7*7 }} ESL" in out  # answer text is data, never template source
    assert "49" not in out
    assert "placement_share" not in out and "All" not in out.split("Answers")[-1]
    assert "Career training: 0/0 (0%)" in out  # the hidden 'all' (4 points) does not count
    # Asked, the same answer counts: for = 4 of a maximum of 4.
    answers.write_text(
        answers.read_text(encoding="utf-8").replace("placements: false", "placements: true"),
        encoding="utf-8",
    )
    code, out, err = run([*argv, str(answers)], capsys)
    assert code == 0, err
    assert "Career training: 4/4 (100%)" in out


@pytest.mark.parametrize("written", ["12:30", "0123", "no", "on", "1e3", "0x1F", "~x"])
def test_yaml_1_1_lookalikes_stay_strings(
    written: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A text answer is the characters typed: no sexagesimal 750, octal 83 or False."""
    answers = tmp_path / "a.answers.yaml"
    answers.write_text(
        "format: wbl-answers/1\nquestion_set: {id: mini-assessment, version: 1.0.0}\n"
        f"answers:\n  course_title: {written} ESL\n  discipline: esl\n  speakers: never\n",
        encoding="utf-8",
    )
    argv = ["render", "--questions", str(ROOT_QUESTIONS), "--templates", str(ROOT_TEMPLATES)]
    code, out, err = run([*argv, str(answers)], capsys)
    assert code == 0, err
    assert out.startswith(f"# {written} ESL — ")


def test_a_tampered_score_or_stage_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """Scores and stage are never read from an answers file: such keys are an error."""
    path = DATA / "bad" / "answers-tampered-score.answers.yaml"
    argv = ["render", "--questions", str(ROOT_QUESTIONS), "--templates", str(ROOT_TEMPLATES)]
    code, _, err = run([*argv, str(path)], capsys)
    assert code == 2
    assert f"{path}:7:1: unknown key 'score' in the answers file" in err
    assert f"{path}:8:1: unknown key 'stage' in the answers file" in err


def test_the_installed_command_runs_as_a_process(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "wbl_tui", "render", str(GOLDEN / "ece-practicum.answers.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("---\n")


@pytest.mark.parametrize("argv", [[], ["plan"], ["assess"]])
def test_the_screens_without_a_terminal_say_so_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(argv, capsys)  # pytest's standard input is not a terminal
    assert code == 2 and out == ""
    assert "need a terminal" in err and "wbl-tui render" in err


def test_the_screens_with_input_from_dev_null_exit_at_once() -> None:
    wbl = shutil.which("wbl-tui", path=str(Path(sys.executable).parent))
    assert wbl is not None
    with open(os.devnull) as nothing:
        done = subprocess.run(
            [wbl], stdin=nothing, capture_output=True, text=True, timeout=30, check=False
        )
    assert done.returncode == 2
    assert "need a terminal" in done.stderr and "Traceback" not in done.stderr
