"""The work-based learning continuum: three stages of growing depth, in order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of the continuum."""

    id: str
    label: str
    short: str
    description: str
    activities: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """The stage for templates."""
        return {
            "id": self.id,
            "label": self.label,
            "short": self.short,
            "description": self.description,
            "activities": list(self.activities),
        }


STAGES: tuple[Stage, ...] = (
    Stage(
        "about",
        "Career awareness & exploration",
        "learning ABOUT work",
        "Students meet people who do the work and see where it happens, so that careers in "
        "the field become real and reachable.",
        (
            "guest speakers",
            "workplace tours and field trips",
            "informational interviews",
            "job-shadowing days",
            "career fairs and industry panels",
            "career research projects",
        ),
    ),
    Stage(
        "through",
        "Career interactions",
        "learning THROUGH work",
        "Students do real tasks of the field for, or with, people from industry or the "
        "community, and get their feedback.",
        (
            "industry-judged or client projects",
            "service learning with a community partner",
            "simulated workplaces and competitions",
            "mentoring by professionals",
            "student-run enterprises",
        ),
    ),
    Stage(
        "for",
        "Career training",
        "learning FOR work",
        "Students work in the field under supervision, building the experience and "
        "credentials that employers hire on.",
        (
            "internships",
            "apprenticeships and pre-apprenticeships",
            "clinical placements and practicums",
            "cooperative education",
            "paid work placements",
        ),
    ),
)

STAGE_BY_ID = {s.id: s for s in STAGES}


def next_stage(stage_id: str) -> Stage | None:
    """The stage after ``stage_id``, or None at the last stage."""
    ids = [s.id for s in STAGES]
    i = ids.index(stage_id)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None
