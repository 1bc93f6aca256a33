"""Next steps after a self-assessment: the discipline's activities that suit this course.

The catalogue's activities at the stage after the placed one (at the last stage, that
stage) are filtered and ordered by what the answers say about the course:

- an activity of a kind the course already runs comes after the others (at the last
  stage, where the suggestions are other forms of training, it is left out); a
  pre-apprenticeship is never suggested to a course that runs apprenticeships, nor,
  at the last stage, any other placement (apprentices already hold a training job);
- an activity marked ``level: college`` is not suggested to a middle- or high-school
  course, nor one marked ``level: school`` to a college or adult course; a middle-school
  course is not sent to career training, it deepens the stage it is at;
- the readiness answer orders by size: a small step first at 3 or less, a big one first
  at 5 (size is read from the activity's duration; a term-long activity comes before a
  programme of years, which is not one instructor's first step).

An activity's kind is read from its title (``Registered welding apprenticeship`` is an
apprenticeship) and named with the option values of the built-in self-assessment's
activity lists, so "already runs" is "that value was ticked in some list".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from wbl_tui.model.continuum import next_stage
from wbl_tui.model.disciplines import Activity, Discipline
from wbl_tui.model.questions import Answer

# (kind, pattern over the title), first match wins. The kinds are option values of the
# built-in self-assessment (about_activities, through_activities, for_activities).
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        ("pre_apprenticeship", r"pre-?apprentice"),
        ("apprenticeship", r"apprentice"),
        ("coop", r"\bco-?op\b|cooperative"),
        ("paid_placement", r"\bpaid\b"),
        ("clinical", r"clinical|practicum|preceptor|externship|student teach"),
        ("internship", r"\bintern"),
        ("simulation", r"simulat|\bmock\b"),
        ("industry_judged", r"judged|competition|hackathon|challenge|pitch|review"),
        ("enterprise", r"student-run|student (salon|newsroom)|enterprise"),
        ("mentoring", r"mentor"),
        ("client_project", r"\bclient|for a (local|small)|consulting|for a nonprofit"),
        ("service_learning", r"service|volunteer"),
        ("job_shadowing", r"shadow|ride-along|observation"),
        ("tours", r"\btour|visit|trip"),
        ("informational_interviews", r"interview"),
        ("career_fairs", r"\bfair|panel"),
        ("guest_speakers", r"speaker|talk|demonstration"),
        ("career_research", r"research|career"),
    )
)
_BIG_FIRST = {3: 0, 4: 1, 2: 2, 1: 3}  # size -> rank at readiness 5
_SCHOOL = ("middle_school", "high_school")
_ADULT = ("college_credit", "noncredit")


@dataclass(frozen=True, slots=True)
class Course:
    """What the answers say about the course, as far as next steps are concerned."""

    runs: frozenset[str] = frozenset()  # every value ticked in some multichoice answer
    level: str | None = None  # "school", "college" or None (not said)
    middle_school: bool = False
    readiness: int | None = None

    @classmethod
    def of(cls, answers: Mapping[str, Answer]) -> Course:
        """Read the course from the answers (``course_level`` and ``readiness`` if asked)."""
        runs: set[str] = set()
        for value in answers.values():
            if isinstance(value, list):  # ticked lists, not typed text such as a title
                runs.update(value)
        level = answers.get("course_level")
        readiness = answers.get("readiness")
        return cls(
            frozenset(runs),
            "school" if level in _SCHOOL else "college" if level in _ADULT else None,
            level == "middle_school",
            readiness if isinstance(readiness, int) and not isinstance(readiness, bool) else None,
        )


def kind_of(activity: Activity) -> str | None:
    """The kind of activity its title names (an option value of the activity lists)."""
    return next((kind for kind, pattern in _KINDS if pattern.search(activity.title)), None)


def size_of(activity: Activity) -> int:
    """1 (a session or a day) to 4 (a year or more), read from the duration."""
    text = (activity.duration or "").lower()
    if re.search(r"\byears?\b|\bmonths?\b", text):
        return 4
    if re.search(r"term|semester|season|summer|full time", text):
        return 3
    weeks = [int(n) for n in re.findall(r"(\d+)\s*(?:to \d+\s*)?(?:full )?weeks?", text)]
    weeks += [int(n) for n in re.findall(r"\d+ to (\d+) weeks?", text)]
    if weeks:
        return 3 if max(weeks) >= 6 else 2
    return 1 if text else 2


def _suits(activity: Activity, course: Course) -> bool:
    return activity.level is None or course.level is None or activity.level == course.level


def next_steps(
    stage: str, discipline: Discipline, course: Course, limit: int = 5
) -> tuple[str, tuple[Activity, ...]]:
    """The stage the suggestions are at, and the activities in the order to offer them."""
    target = next_stage(stage)
    if target is not None and target.id == "for" and course.middle_school:
        target = None  # too young for career training: deepen the stage they are at
    if target is None:
        return stage, more_of(stage, discipline, course, limit)
    return target.id, _ranked(target.id, discipline, course, False, limit)


def more_of(
    stage: str, discipline: Discipline, course: Course, limit: int = 5
) -> tuple[Activity, ...]:
    """Activities at the course's own stage that it does not run yet, in the order to offer."""
    return _ranked(stage, discipline, course, True, limit)


def _ranked(
    stage: str, discipline: Discipline, course: Course, drop_run: bool, limit: int
) -> tuple[Activity, ...]:
    runs = course.runs
    ranked: list[tuple[int, int, Activity]] = []
    for index, activity in enumerate(discipline.activities.get(stage, ())):
        kind = kind_of(activity)
        if not _suits(activity, course):
            continue
        if "apprenticeship" in runs and (kind == "pre_apprenticeship" or drop_run):
            continue  # apprentices hold a paid training job: no other placement at "for"
        already = kind in runs
        if already and drop_run:
            continue
        order = index
        if course.readiness is not None and course.readiness <= 3:
            order = size_of(activity) * 100 + index
        elif course.readiness == 5:  # the biggest that fits in a course: a term, not years
            order = _BIG_FIRST[size_of(activity)] * 100 + index
        ranked.append((1 if already else 0, order, activity))
    ranked.sort(key=lambda item: item[:2])
    return tuple(a for _, _, a in ranked[: max(limit, 0)])
