"""``wbl-tui tally`` through ``main()``: totals, groups, duplicates and skipped files by hand."""

from __future__ import annotations

import csv
import glob
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from wbl_tui.cli import main

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"

MINI_PLAN_SET = """\
format: wbl-questions/1
id: mini-plan
version: 1.0.0
kind: plan
title: A plan set with nothing to count
sections:
  - id: only
    title: Only
    questions:
      - {id: course_title, prompt: Course title, type: text}
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def _golden(name: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((GOLDEN / f"{name}.answers.yaml").read_text(encoding="utf-8"))


def _write(path: Path, data: dict) -> Path:  # type: ignore[type-arg]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A shared drive: 4 counted plans with a tally, 1 duplicate, 1 bad file, 1
    self-assessment, 1 plan whose set has no tally (in a sub-folder), and a stray file."""
    drive = tmp_path / "drive"
    drive.mkdir()
    for name in ("esl-guest-speakers", "cs-client-project", "geography-service-learning"):
        shutil.copy(GOLDEN / f"{name}.answers.yaml", drive)
    # esl again for another section: different answers, so not a duplicate (10 opportunities)
    esl2 = _golden("esl-guest-speakers")
    esl2["answers"]["course_title"] = "ESL 041 — Intermediate English for Work, section B"
    esl2["answers"]["opportunities"] = 10
    _write(drive / "fall" / "esl-b.answers.yaml", esl2)
    # an exact copy (another name, another folder): counted once, listed as a duplicate
    _write(drive / "fall" / "copy-of-cs.answers.yaml", _golden("cs-client-project"))
    # a bad file: skipped and named
    bad = _golden("nursing-clinical")
    bad["answers"]["class_size"] = "about 40"
    _write(drive / "bad.answers.yaml", bad)
    # a self-assessment on its own: counted apart
    esl = _golden("esl-guest-speakers")
    _write(drive / "self.answers.yaml", {"format": "wbl-answers/1", **esl["assessment"]})
    # a plan of a set without a tally: block
    (tmp_path / "root" / "questions").mkdir(parents=True)
    (tmp_path / "root" / "questions" / "mini-plan.yaml").write_text(MINI_PLAN_SET)
    _write(
        drive / "other" / "mini.answers.yaml",
        {
            "format": "wbl-answers/1",
            "question_set": {"id": "mini-plan", "version": "1.0.0"},
            "answers": {"course_title": "Welding 101"},
        },
    )
    (drive / "notes.yaml").write_text("not: an answers file\n")  # not *.answers.yaml
    return drive


def _argv(plans: Path, *more: str) -> list[str]:
    return ["tally", "--questions", str(plans.parent / "root" / "questions"), str(plans), *more]


def test_totals_groups_duplicates_and_skipped_by_hand(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(_argv(plans, "--format", "json", "--by", "stage"), capsys)
    assert code == 2  # a file was skipped; the report is still printed
    report = json.loads(out)
    # counted plans: esl 24 + esl-b 10 + cs 28 + geography 30 + mini (no tally) 0
    assert report["plans"] == 5
    assert report["opportunities"] == 24 + 10 + 28 + 30
    assert report["assessments"] == 1
    assert report["by"] == ["stage"]
    assert report["groups"] == [
        {"stage": "through", "plans": 2, "opportunities": 58},  # cs + geography
        {"stage": "about", "plans": 2, "opportunities": 34},  # esl + esl-b
        {"stage": None, "plans": 1, "opportunities": 0},  # the plan with no tally
    ]
    assert report["duplicates"] == [
        [str(plans / "cs-client-project.answers.yaml"), str(plans / "fall/copy-of-cs.answers.yaml")]
    ]
    assert [s["file"] for s in report["skipped"]] == [str(plans / "bad.answers.yaml")]
    assert "class_size" in report["skipped"][0]["error"]
    assert report["no_tally"] == [str(plans / "other/mini.answers.yaml")]
    assert set(report) == {
        "plans",
        "opportunities",
        "assessments",
        "by",
        "groups",
        "duplicates",
        "skipped",
        "no_tally",
    }
    # the skipped file, one line on stderr, with line:col
    lines = err.strip().splitlines()
    assert len(lines) == 1 and f"{plans / 'bad.answers.yaml'}:" in lines[0]
    line, col = lines[0].split("bad.answers.yaml:")[1].split(":")[:2]
    assert line.isdigit() and col.isdigit()


def test_two_fields_table_md_csv(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (plans / "bad.answers.yaml").unlink()
    code, out, err = run(_argv(plans, "--by", "stage,discipline"), capsys)
    assert code == 0 and err == ""
    assert out.startswith("5 plans, 92 WBL opportunities; 1 self-assessment counted apart")
    rows = [line.split() for line in out.splitlines()]
    assert ["STAGE", "DISCIPLINE", "PLANS", "OPPORTUNITIES"] in rows
    assert ["through", "Geography", "1", "30"] in rows
    assert "Duplicates (same set and answers, counted once):" in out
    code, out, _ = run(_argv(plans, "--by", "stage,discipline", "--format", "md"), capsys)
    assert "| Stage | Discipline | Plans | Opportunities |" in out
    assert "| about | English as a Second Language (ESL) | 2 | 34 |" in out
    assert "| **Total** |  | **5** | **92** |" in out
    code, out, _ = run(_argv(plans, "--per-plan", "--format", "csv"), capsys)
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 5
    assert {r["file"]: int(r["opportunities"]) for r in table}[
        str(plans / "fall/esl-b.answers.yaml")
    ] == 10
    assert table[0].keys() >= {"stage", "discipline", "course_level", "term", "institution"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_has_a_bar_per_group(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = plans.parent / "report.html"
    code, _, err = run(_argv(plans, "--by", "stage", "-o", str(out_file)), capsys)
    assert code == 2 and "wrote" in err
    parser = _Tags()
    parser.feed(out_file.read_text(encoding="utf-8"))
    assert parser.tags[0] == "section" and "svg" in parser.tags
    assert parser.tags.count("rect") == 3  # through, about, none
    assert "Through" not in parser.text  # values as written, not retitled
    # an existing report is not replaced without --force
    code, _, err = run(_argv(plans, "-o", str(out_file)), capsys)
    assert code == 2 and "already exists" in err
    code, _, _ = run(_argv(plans, "-o", str(out_file), "--force"), capsys)
    assert code == 2
    parser = _Tags()
    parser.feed(out_file.read_text(encoding="utf-8"))
    assert parser.tags.count("rect") == 1  # replaced: not grouped now


def test_the_output_file_name_picks_the_format(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An extension that says no report format, or another one than --format, is one
    line and exit 2 before anything is counted; .markdown is Markdown, .txt the table."""
    (plans / "bad.answers.yaml").unlink()
    folder = plans.parent
    assert run(_argv(plans, "-o", str(folder / "r.markdown")), capsys)[0] == 0
    assert (folder / "r.markdown").read_text(encoding="utf-8").startswith("# WBL opportunities")
    assert run(_argv(plans, "-o", str(folder / "r.txt")), capsys)[0] == 0
    assert (folder / "r.txt").read_text(encoding="utf-8").startswith("5 plans, 92 WBL")
    assert (
        run(_argv(plans, "-o", str(folder / "r.txt"), "--format", "csv", "--force"), capsys)[0] == 0
    )
    assert (folder / "r.txt").read_text(encoding="utf-8").startswith("plans,opportunities\n")
    for name, extra, expected in [
        ("plans.xlsx", [], "cannot tell which format to write from '.xlsx'"),
        ("r.md", ["--format", "csv"], "a '.md' file is for --format md, not csv"),
    ]:
        code, out, err = run(_argv(plans, "-o", str(folder / name), *extra), capsys)
        assert code == 2 and out == ""
        assert err.startswith(f"{folder / name}: {expected}") and err.count("\n") == 1, err
        assert not (folder / name).exists()


def test_unknown_field_and_missing_path(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(_argv(plans, "--by", "stag"), capsys)
    assert code == 2 and "not a tally field" in err and "stage" in err
    code, out, err = run(["tally", str(plans / "nowhere")], capsys)
    assert code == 2 and "no such file or folder" in err and out.startswith("0 plans")


def test_a_bad_tally_expression_is_a_load_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(
        MINI_PLAN_SET + 'tally:\n  opportunities: "class_size *"\n  fields: {x: nope}\n'
    )
    code, out, _ = run(["questions", "validate", str(path)], capsys)
    assert code == 2
    assert f"{path}:12:18: tally opportunities does not compile" in out
    assert f"{path}:13:15: tally field 'x' reads 'nope'" in out


def test_as_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wbl_tui", "tally", str(GOLDEN), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # The six rich golden plans and the eight terse ones in golden/terse/.
    assert json.loads(done.stdout)["plans"] == 14


def test_progress_bar_shows_only_after_a_moment() -> None:
    from wbl_tui.cli_tally import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(100, stream)
    bar(10)
    assert stream.getvalue() == ""  # quick runs print nothing extra
    bar.start -= ProgressBar.DELAY
    bar(100)
    assert "100/100 files" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r\033[2K")


def test_the_command_line_lists_the_report_formats() -> None:
    from wbl_tui.cli_tally import FORMATS
    from wbl_tui.engine.tally_report import FORMATS as REPORT_FORMATS

    assert FORMATS == REPORT_FORMATS


def test_the_readme_samples_are_the_real_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each ``$ wbl-tui tally …`` block in the README is what that command prints."""
    root = GOLDEN.parent.parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    fenced = re.findall(r"^```[a-z]*\n(.*?)^```$", readme, re.M | re.S)
    blocks = [b for b in fenced if b.startswith("$ wbl-tui tally ")]
    assert len(blocks) == 2  # the table and the Markdown
    monkeypatch.chdir(root)
    for block in blocks:
        command, shown = block.split("\n", 1)
        argv: list[str] = []
        for word in shlex.split(command)[2:]:  # the shell expands globs before wbl-tui runs
            argv += sorted(glob.glob(word)) if "*" in word else [word]
        code, out, err = run(argv, capsys)
        assert code == 0, err
        assert out == shown, command


def test_reports_handed_on_keep_names_values_and_reasons_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drive = tmp_path / "Consortium-Shared-Drive" / "2027-Spring" / "Harbor-City-Adult-School"
    folder = drive / "English-as-a-Second-Language" / "Intermediate-English-for-Work-evening"
    plan = _golden("esl-guest-speakers")
    institution = (
        "Harbor City Adult School — Downtown Campus, Division of Adult and Career Education"
    )
    plan["answers"]["institution"] = institution
    path = _write(folder / "esl-040-guest-speakers-from-local-employers.answers.yaml", plan)
    plan["question_set"]["version"] = "2.0.0"  # skipped, with a long reason
    broken = _write(folder / "esl-041-for-another-version.answers.yaml", plan)
    assert len(str(path)) > 120 and len(institution) > 80
    for fmt in ("md", "html"):
        code, out, _ = run(["tally", str(tmp_path), "--per-plan", "--format", fmt], capsys)
        assert code == 2
        chart, report = out.rpartition("</svg>")[::2]  # the chart's labels fit beside its bars
        assert str(path) in report and institution in report and "…" not in report, out
        reason = main_problem(broken).split(": ", 1)[1]
        assert len(reason) > 100 and reason in report.replace("&#x27;", "'")
        code, out, _ = run(["tally", str(tmp_path), "--by", "institution", "--format", fmt], capsys)
        chart, report = out.rpartition("</svg>")[::2]
        assert institution in report and "…" not in report
        assert f"<title>{institution}: 24 opportunities" in chart or fmt == "md"
    code, out, _ = run(["tally", str(tmp_path), "--by", "institution"], capsys)
    assert institution not in out and institution[:79] + "…" in out  # the terminal table
    assert str(broken) in out and "…" not in out.split("Skipped")[1]  # its reason is whole


def main_problem(path: Path) -> str:
    """The first problem ``render`` names for ``path``."""
    from wbl_tui.engine.document import read_document
    from wbl_tui.engine.library import Library
    from wbl_tui.errors import BadInput
    from wbl_tui.paths import make_settings

    with pytest.raises(BadInput) as exc:
        read_document(path, Library(make_settings()))
    return str(exc.value.problems[0])


def test_html_standalone_is_a_page_that_opens_from_disk(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = plans.parent / "report.html"
    code, _, _ = run(_argv(plans, "--by", "stage", "-o", str(out_file), "--standalone"), capsys)
    assert code == 2  # the bad file is skipped; the page is still written
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>\n")
    parser = _Tags()
    parser.feed(text)
    assert parser.tags[:4] == ["html", "head", "meta", "meta"]
    assert '<meta charset="utf-8">' in text and "<title>WBL opportunities</title>" in text
    assert parser.tags.index("body") < parser.tags.index("section")
    assert parser.tags.count("rect") == 3
    code, out, err = run(_argv(plans, "--standalone", "--format", "md"), capsys)
    assert code == 2 and out == "" and "--standalone goes with --format html" in err


@pytest.fixture
def two_plans(tmp_path: Path) -> tuple[Path, dict]:  # type: ignore[type-arg]
    """A big plan (8,000 opportunities, a formula for its term) and the cs plan (28)."""
    big = _golden("esl-guest-speakers")
    big["answers"]["opportunities"] = 8000
    big["answers"]["term"] = '=HYPERLINK("http://example.com","Spring 2027")'
    _write(tmp_path / "drive" / "big.answers.yaml", big)
    shutil.copy(GOLDEN / "cs-client-project.answers.yaml", tmp_path / "drive")
    return tmp_path / "drive", big


def test_counts_read_alike_in_rows_and_totals(
    two_plans: tuple[Path, dict],  # type: ignore[type-arg]
    capsys: pytest.CaptureFixture[str],
) -> None:
    drive = str(two_plans[0])
    code, out, _ = run(["tally", drive, "--by", "stage"], capsys)
    assert code == 0
    assert ["about", "1", "8,000"] in [line.split() for line in out.splitlines()]
    assert out.startswith("2 plans, 8,028 WBL")
    code, out, _ = run(["tally", drive, "--by", "stage", "--format", "md"], capsys)
    assert "| about | 1 | 8,000 |" in out and "| **Total** | **2** | **8,028** |" in out
    code, out, _ = run(["tally", drive, "--by", "stage", "--format", "html"], capsys)
    assert "<td>8,000</td>" in out and "8,000 opportunities in 1 plan</title>" in out
    code, out, _ = run(["tally", drive, "--per-plan", "--format", "csv"], capsys)
    assert {r["opportunities"] for r in csv.DictReader(io.StringIO(out))} == {"8000", "28"}


def test_a_field_named_twice_is_one_column(
    two_plans: tuple[Path, dict],  # type: ignore[type-arg]
    capsys: pytest.CaptureFixture[str],
) -> None:
    drive = str(two_plans[0])
    code, out, _ = run(["tally", drive, "--by", "stage,stage"], capsys)
    assert code == 0 and out.splitlines()[2].split() == ["STAGE", "PLANS", "OPPORTUNITIES"]
    code, out, _ = run(["tally", drive, "--by", "stage, stage", "--format", "json"], capsys)
    assert json.loads(out)["by"] == ["stage"]


def test_csv_cells_never_start_a_formula(
    two_plans: tuple[Path, dict],  # type: ignore[type-arg]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """OWASP's advice for CSV files opened in a spreadsheet: a leading ' on such text."""
    drive, big = two_plans
    code, out, _ = run(["tally", str(drive), "--per-plan", "--format", "csv"], capsys)
    assert code == 0
    table = {r["file"]: r for r in csv.DictReader(io.StringIO(out))}
    assert table[str(drive / "big.answers.yaml")]["term"] == "'" + big["answers"]["term"]


def test_no_plans_is_a_one_line_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = str(tmp_path)
    code, out, err = run(["tally", empty, "--by", "stage"], capsys)
    assert code == 0 and "no *.answers.yaml files" in err
    assert out == "0 plans, 0 WBL opportunities; 0 self-assessments counted apart\n"
    code, out, _ = run(["tally", empty, "--format", "md"], capsys)
    assert out.splitlines() == [
        "# WBL opportunities",
        "",
        "0 plans, 0 WBL opportunities; 0 self-assessments counted apart.",
    ]
    code, out, _ = run(["tally", empty, "--format", "html"], capsys)
    assert "<table>" not in out and "<svg" not in out and "0 plans" in out


def _mini_plan(tmp_path: Path, tally: str) -> tuple[Path, Path]:
    """A mini plan set with ``tally`` as its tally block, and one answers file for it."""
    root = tmp_path / "q"
    root.mkdir(exist_ok=True)
    (root / "mini-plan.yaml").write_text(MINI_PLAN_SET + tally, encoding="utf-8")
    plan = _write(
        tmp_path / "drive" / "p.answers.yaml",
        {
            "format": "wbl-answers/1",
            "question_set": {"id": "mini-plan", "version": "1.0.0"},
            "answers": {"course_title": "Welding 101"},
        },
    )
    return root, plan


@pytest.mark.parametrize(
    ("tally", "what"),
    [
        ('tally:\n  opportunities: "cycler().next()"\n', "tally opportunities (*:12:18)"),
        ('tally:\n  fields: {x: "cycler().next()"}\n', "tally field 'x' (*:12:15)"),
    ],
)
def test_a_tally_expression_that_raises_skips_the_plan_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: str, what: str
) -> None:
    """RuntimeError (like MemoryError) is no traceback: the plan is named and skipped."""
    root, plan = _mini_plan(tmp_path, tally)
    code, out, err = run(["tally", "--questions", str(root), str(plan)], capsys)
    assert code == 2 and out.startswith("0 plans")
    assert err.count("\n") == 1 and err.startswith(f"skipped: {plan}: the set's ")
    assert "fails for this plan: at least one item has to be provided" in err
    assert what.replace("*", str(root / "mini-plan.yaml")) in err


@pytest.mark.parametrize(
    "error", [MemoryError(), RecursionError(), RuntimeError("no"), OverflowError("big")]
)
def test_a_tally_expression_failing_for_any_reason_is_a_skipped_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    from wbl_tui.engine.library import Library
    from wbl_tui.engine.tally import count_file
    from wbl_tui.paths import make_settings
    from wbl_tui.sandbox import Sandbox

    def fail(*args: object) -> None:
        raise error

    root, plan = _mini_plan(tmp_path, 'tally:\n  opportunities: "course_title|length"\n')
    monkeypatch.setattr(Sandbox, "evaluate", fail)
    counted = count_file(Library(make_settings(questions_dirs=[root])), plan)
    assert counted.kind == "skipped" and counted.problem is not None
    assert counted.problem.file == str(plan)
    assert "tally opportunities" in counted.problem.message


CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [*value, *(s for v in value.values() for s in _strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "json", "html"])
def test_no_format_prints_a_control_sequence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """Issue 9 F9: ESC, OSC (title, link), CSI and C1 in file names and in a field's value."""
    hostile = "\x1b]0;PWNED\x07\x1b]8;;https:x\x1b\\\x1b[2J\x1b[31m\x9b1m\x9d"
    root, plan = _mini_plan(
        tmp_path, "tally:\n  fields: {x: \"'\\\\x1b]0;T\\\\x07\\\\x1b[2Jred\\\\x9b'\"}\n"
    )
    plan.rename(plan.with_name(f"{hostile}plan.answers.yaml"))
    (plan.parent / f"{hostile}bad.answers.yaml").write_text("format: wbl-answers/1\nanswers: [\n")
    for more in (["--by", "x"], ["--per-plan"]):
        argv = ["tally", "--questions", str(root), str(plan.parent), "--format", fmt, *more]
        code, out, err = run(argv, capsys)
        assert code == 2 and "bad.answers.yaml" in out + err and "red" in out
        assert not CONTROLS.search(out + err), repr(out + err)
        if fmt == "json":
            assert not any(CONTROLS.search(s) for s in _strings(json.loads(out)))


def test_a_skipped_file_is_named_alike_on_standard_error_and_in_the_report(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``file:line:col: why`` in both, not ``file: 3:1: why`` in the report."""
    for fmt in ("table", "md"):
        code, out, err = run(_argv(plans, "--format", fmt), capsys)
        assert code == 2 and err.startswith("skipped: ")
        said = err.strip().removeprefix("skipped: ")
        assert re.match(rf"{re.escape(str(plans / 'bad.answers.yaml'))}:\d+:\d+: ", said)
        assert said in out.replace("\\|", "|"), out
