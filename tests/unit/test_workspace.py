"""The Workspace: sessions, one locked draft per session, default folder, previews, config."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from wbl_tui.engine.document import Document
from wbl_tui.engine.library import Library
from wbl_tui.engine.workspace import InUse, Workspace
from wbl_tui.errors import WblError
from wbl_tui.paths import make_settings


def _workspace() -> Workspace:
    settings = make_settings()  # the conftest points every folder at tmp_path
    return Workspace(settings, Library(settings))


def test_each_session_has_its_own_draft() -> None:
    ws = _workspace()
    a, b = ws.new("plan"), ws.new("plan")
    assert a.id != b.id
    a.set("course_title", "GEOG 150")
    b.set("course_title", "ESL 120")
    ws.autosave(a)
    ws.autosave(b)
    assert ws.store.answers_path(a.id) != ws.store.answers_path(b.id)
    assert "GEOG 150" in ws.store.answers_path(a.id).read_text(encoding="utf-8")
    assert "ESL 120" in ws.store.answers_path(b.id).read_text(encoding="utf-8")


def test_two_workspaces_never_share_a_draft() -> None:
    first, second = _workspace(), _workspace()
    mine = first.new("plan")
    mine.set("course_title", "GEOG 150")
    first.autosave(mine)
    # The second instance neither lists nor resumes the draft the first has open.
    assert second.drafts() == []
    with pytest.raises(InUse):
        second.resume(mine.id)
    with pytest.raises(InUse):
        second.set_aside(mine.id)
    first.close(mine)  # dirty: kept as a draft, lock released
    listed = second.drafts()
    assert [d.id for d in listed] == [mine.id]
    assert listed[0].title == "GEOG 150"
    assert listed[0].set_title == "Plan a work-based learning activity"
    resumed = second.resume(mine.id)
    assert resumed.answers["course_title"] == "GEOG 150" and resumed.id == mine.id
    assert first.drafts() == []  # now the second one holds it
    with pytest.raises(InUse):
        first.resume(mine.id)


def test_a_draft_held_by_another_process_is_not_listed(tmp_path: Path) -> None:
    ws = _workspace()
    session = ws.new("plan")
    session.set("course_title", "held elsewhere")
    ws.autosave(session)
    ws.store.unlock(session.id)
    lock = ws.store.folder / f"{session.id}.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys; f = open(sys.argv[1], 'a+b'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('locked', flush=True); sys.stdin.read()",
            str(lock),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        assert ws.drafts() == []
        with pytest.raises(InUse):
            ws.resume(session.id)
    finally:
        holder.communicate("")  # the holder exits: the kernel drops its lock
    assert [d.id for d in ws.drafts()] == [session.id]
    assert ws.resume(session.id).answers["course_title"] == "held elsewhere"


def test_a_stale_lock_file_of_a_dead_process_is_free() -> None:
    ws = _workspace()
    session = ws.new("plan")
    session.set("course_title", "x")
    ws.autosave(session)
    ws.store.unlock(session.id)  # as if the process had died: the file stays, no lock
    assert (ws.store.folder / f"{session.id}.lock").exists()
    assert [d.id for d in _workspace().drafts()] == [session.id]


def test_resume_keeps_step_and_saved_path(tmp_path: Path) -> None:
    ws = _workspace()
    session = ws.new("plan")
    session.set("course_title", "x")
    session.step = 4
    session.path = tmp_path / "x.answers.yaml"
    ws.autosave(session)
    ws.close(session)
    again = _workspace().resume(session.id)
    assert again.step == 4 and again.path == tmp_path / "x.answers.yaml" and again.dirty


def test_set_aside_moves_the_draft_to_old() -> None:
    ws = _workspace()
    session = ws.new("plan")
    session.set("course_title", "x")
    ws.autosave(session)
    ws.close(session)
    where = ws.set_aside(session.id)
    assert where is not None and where.parent.name == "old" and where.is_file()
    assert ws.drafts() == []


def test_the_old_single_draft_is_listed_and_resumed() -> None:
    ws = _workspace()
    folder = ws.store.folder
    folder.mkdir(parents=True)
    (folder / "draft.answers.yaml").write_text(
        "format: wbl-answers/1\nquestion_set: {id: wbl-lesson-plan, version: 1.0.0}\n"
        "answers: {course_title: From before}\n",
        encoding="utf-8",
    )
    (folder / "draft.json").write_text('{"saved_path": null, "step": 2}', encoding="utf-8")
    listed = ws.drafts()
    assert len(listed) == 1 and listed[0].title == "From before"
    assert listed[0].set_title == "Plan a work-based learning activity"
    session = ws.resume(listed[0].id)
    assert session.step == 2 and session.answers["course_title"] == "From before"


def test_close_drops_the_draft_of_a_saved_clean_session(tmp_path: Path) -> None:
    ws = _workspace()
    session = ws.new("plan")
    session.set("course_title", "x")
    ws.autosave(session)
    session.path, session.dirty = tmp_path / "x.answers.yaml", False
    ws.close(session)
    assert ws.drafts() == [] and not any(ws.store.folder.iterdir())


def test_autosave_from_threads_while_answering() -> None:
    ws = _workspace()
    session = ws.new("plan")
    stop = threading.Event()
    errors: list[BaseException] = []

    def saver() -> None:
        try:
            while not stop.is_set():
                ws.autosave(session)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=saver) for _ in range(2)]
    for t in threads:
        t.start()
    for i in range(300):
        session.set("course_title", f"title {i}")
        session.set("skills", ["teamwork", "communication"][: i % 3])
    stop.set()
    for t in threads:
        t.join()
    assert not errors
    ws.autosave(session)
    ws.close(session)
    assert _workspace().resume(session.id).answers["course_title"] == "title 299"


def test_default_folder_is_documents_then_the_last_used(tmp_path: Path) -> None:
    ws = _workspace()
    home = Path(os.environ["HOME"])
    assert ws.default_folder() == home / "Documents" / "wbl-plans"
    assert ws.default_folder() != Path.cwd()
    (tmp_path / "mine").mkdir()
    ws.remember_folder(tmp_path / "mine")
    assert _workspace().default_folder() == tmp_path / "mine"


def test_suggested_stem_comes_from_the_declared_title(tmp_path: Path) -> None:
    ws = _workspace()
    plan = ws.new("plan")
    assert ws.suggested_stem(plan) == "plan-a-work-based-learning-activity"
    plan.set("course_title", "GEOG 150")
    plan.set("activity_title", "Mapping Day")
    assert ws.suggested_stem(plan) == "geog-150-mapping-day"
    assessment = ws.new("assessment")
    assessment.set("course_title", "ESL 120")
    assert ws.suggested_stem(assessment) == "esl-120-self-assessment"
    plan.path = tmp_path / "kept.answers.yaml"
    assert ws.suggested_stem(plan) == "kept"


def test_a_set_without_title_from_is_named_after_its_title(tmp_path: Path) -> None:
    ws = _workspace()
    doc = Document(ws.library.find_set("wbl-lesson-plan"))
    from dataclasses import replace

    doc.qset = replace(doc.qset, title_from=(), title="Field Trip Planner")
    session = ws._started(doc)
    session.set("course_title", "GEOG 150")
    assert session.title() == "untitled"
    assert ws.suggested_stem(session) == "field-trip-planner"


def test_plan_from_an_assessment_attaches_it() -> None:
    ws = _workspace()
    assessment = ws.new("assessment")
    assessment.set("course_title", "ESL 120")
    plan = ws.plan_from(assessment)
    assert plan.doc.assessment is not None and plan.dirty
    assert plan.doc.assessment.answers["course_title"] == "ESL 120"


def test_open_a_saved_plan_and_save_it_again(tmp_path: Path) -> None:
    ws = _workspace()
    session = ws.new("plan")
    session.set("course_title", "GEOG 150")
    out = ws.output_plan(session, tmp_path / "new" / "plans", "geog", frozenset({"html"}))
    assert out.missing_folder()
    written = ws.save(session, out, replace=False, make_folder=True)
    assert {p.name for p in written} == {"geog.md", "geog.answers.yaml", "geog.html"}
    assert session.path == tmp_path / "new" / "plans" / "geog.answers.yaml"
    assert session.extras == {"html"} and not session.dirty
    assert ws.default_folder() == tmp_path / "new" / "plans"
    reopened = _workspace().open(tmp_path / "new" / "plans" / "geog.md")
    assert reopened.path == session.path and reopened.extras == {"html"}


def test_preview_errors_become_text() -> None:
    ws = _workspace()
    session = ws.new("plan")
    broken = session.snapshot()
    broken.template = "no-such-template.md.j2"
    text = ws.render_preview(broken)
    assert text.startswith("**The preview cannot be shown") and "no-such-template" in text

    class Boom:
        def render(self, doc: Document) -> str:
            raise KeyError("surprise")

    ws.__dict__["renderer"] = Boom()
    assert "KeyError" in ws.render_preview(session.snapshot())


def test_config_remembers_the_theme() -> None:
    ws = _workspace()
    assert ws.config.theme is None
    ws.config.theme = "nord"
    assert ws.config.save()
    assert Path(os.environ["WBL_TUI_CONFIG_DIR"], "config.json").is_file()
    assert _workspace().config.theme == "nord"


def test_a_broken_config_file_means_defaults() -> None:
    folder = Path(os.environ["WBL_TUI_CONFIG_DIR"])
    folder.mkdir(parents=True)
    (folder / "config.json").write_text("{not json", encoding="utf-8")
    assert _workspace().config.theme is None


def test_a_set_named_by_its_file_is_found_by_id_afterwards(tmp_path: Path) -> None:
    ws = _workspace()
    source = ws.library.find_set("wbl-lesson-plan").source
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        source.read_text(encoding="utf-8").replace("id: wbl-lesson-plan", "id: my-plan", 1),
        encoding="utf-8",
    )
    qset = ws.library.find_set(str(mine), "plan")
    assert ws.new_from_set(qset.id).qset is qset


def test_a_resumed_draft_of_a_saved_plan_is_clean_when_it_holds_what_was_saved(
    tmp_path: Path,
) -> None:
    ws = _workspace()
    session = ws.new("plan")
    session.set("course_title", "GEOG 150")
    out = ws.output_plan(session, tmp_path, "g", frozenset())
    ws.save(session, out, replace=False, make_folder=False)
    ws.autosave(session)  # a draft that says what the file says (a quit right after saving)
    ws.store.unlock(session.id)
    other = _workspace()
    again = other.resume(session.id)
    assert not again.dirty
    again.set("course_title", "GEOG 151")
    other.close(again)
    assert _workspace().resume(session.id).dirty


def test_escape_sequences_never_reach_an_answer(tmp_path: Path) -> None:
    ws = _workspace()
    path = tmp_path / "e.answers.yaml"
    path.write_text(
        "format: wbl-answers/1\nquestion_set: {id: wbl-lesson-plan, version: 1.0.0}\n"
        'answers: {course_title: "GEOG\\e]0;pwned\\a 150\\e[2J"}\n',
        encoding="utf-8",
    )
    opened = ws.open(path)
    assert opened.answers["course_title"] == "GEOG 150"
    opened.set("activity_title", "Maps\x1b[?1049l day")
    assert opened.answers["activity_title"] == "Maps day"


def test_sessions_start_even_where_no_draft_can_be_written(tmp_path: Path) -> None:
    from dataclasses import replace

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    settings = replace(make_settings(), state_dir=blocker)
    ws = Workspace(settings, Library(settings))
    session = ws.new("plan")
    session.set("course_title", "x")
    with pytest.raises(OSError):
        ws.autosave(session)
    assert ws.drafts() == []
    ws.close(session)  # the draft cannot be kept; closing still works


def test_old_lock_files_with_no_draft_are_swept() -> None:
    ws = _workspace()
    folder = ws.store.folder
    folder.mkdir(parents=True)
    orphan, fresh = folder / "gone.lock", folder / "new.lock"
    orphan.touch()
    fresh.touch()
    os.utime(orphan, (1, 1))
    held = ws.new("plan")
    os.utime(folder / f"{held.id}.lock", (1, 1))
    ws.drafts()
    assert not orphan.exists() and fresh.exists()
    assert (folder / f"{held.id}.lock").exists()  # in use: kept


@pytest.mark.parametrize("name", ["g.md", "g.html", "g.partner-brief.md", "g.answers.yaml"])
def test_open_any_file_of_a_save(tmp_path: Path, name: str) -> None:
    ws = _workspace()
    session = ws.new("plan")
    session.set("course_title", "GEOG 150")
    out = ws.output_plan(session, tmp_path, "g", frozenset({"html", "partner_brief"}))
    ws.save(session, out, replace=False, make_folder=False)
    opened = _workspace().open(tmp_path / name)
    assert opened.path == tmp_path / "g.answers.yaml"
    assert opened.answers["course_title"] == "GEOG 150"


def test_open_a_plan_with_no_answers_beside_it(tmp_path: Path) -> None:
    (tmp_path / "lonely.md").write_text("# A plan\n", encoding="utf-8")
    with pytest.raises(WblError, match="no answers file beside it"):
        _workspace().open(tmp_path / "lonely.md")


def test_warm_up_leaves_no_draft_and_never_raises(tmp_path: Path) -> None:
    ws = _workspace()
    ws.warm_up()
    assert ws.drafts() == [] and not ws.store.folder.exists()


def test_term_and_institution_are_remembered_for_the_next_new_plan(tmp_path: Path) -> None:
    ws = _workspace()
    first = ws.new("plan")
    first.enter_step(0)
    assert first.answers.get("term") is None  # nothing saved yet: no guess
    first.set("course_title", "WELD 110")
    first.set("term", "Fall 2027")
    first.set("institution", "Lakeview College")
    ws.save(
        first,
        ws.output_plan(first, tmp_path, "weld", frozenset()),
        replace=False,
        make_folder=False,
    )

    second = _workspace().new("plan")  # the next run of the program
    second.enter_step(0)
    assert second.answers.get("term") == "Fall 2027"
    assert second.answers.get("institution") == "Lakeview College"
    assert second.source("term") == "default"  # offered, not typed: the person may change it
    assert second.answers.get("course_title") is None  # only `remember` questions carry over
    # An opened plan keeps its own answers; a cleared term is forgotten at the next save.
    reopened = _workspace().open(tmp_path / "weld.answers.yaml")
    reopened.set("term", None)
    ws.save(
        reopened,
        ws.output_plan(reopened, tmp_path, "weld", frozenset()),
        replace=True,
        make_folder=False,
    )
    third = _workspace().new("plan")
    third.enter_step(0)
    assert third.answers.get("term") is None
    assert third.answers.get("institution") == "Lakeview College"


def test_a_remember_key_must_be_true_or_false(tmp_path: Path) -> None:
    bad = tmp_path / "set.yaml"
    source = (Path(__file__).resolve().parents[2] / "questions" / "wbl-lesson-plan.yaml").read_text(
        encoding="utf-8"
    )
    bad.write_text(source.replace("remember: true", "remember: yes please", 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "wbl_tui", "questions", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    line = source[: source.index("remember: true")].count("\n") + 1
    assert f"{bad}:{line}:19: remember must be true or false" in result.stdout + result.stderr


def test_opening_a_plan_notes_its_folder_without_waiting_for_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last folder is a preference: no fsync between ``open`` and the first question.

    (With another program writing, that fsync took up to 50 ms.) A save still waits.
    """
    ws = _workspace()
    session = ws.new("plan")
    session.set("course_title", "GEOG 150")
    synced: list[int] = []
    real_fsync, real_sync = os.fsync, os.sync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    monkeypatch.setattr(os, "sync", lambda: synced.append(-1) or real_sync())
    plan = ws.output_plan(session, tmp_path, "g", frozenset())
    ws.save(session, plan, replace=False, make_folder=False)
    assert synced, "a saved plan reaches the disk before it is put in place"
    synced.clear()
    _workspace().open(tmp_path / "g.answers.yaml")
    assert synced == []
    assert _workspace().default_folder() == tmp_path
