"""Scores per scale, percentages and the continuum placement, exactly as SPEC.md defines them.

A scale's score is the sum of the chosen options' scores on it. Its maximum is, over the
questions that were asked, the highest option score for a choice question and the sum of
the positive option scores for a multichoice question. ``pct`` is score / maximum × 100,
0 where the maximum is 0, kept within 0–100.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wbl_tui.engine import flow
from wbl_tui.engine.memo import by_identity
from wbl_tui.engine.nextsteps import Course, kind_of, more_of, next_steps, size_of
from wbl_tui.model.continuum import STAGE_BY_ID, next_stage
from wbl_tui.model.disciplines import Activity, Catalogue, Discipline
from wbl_tui.model.questions import Answer, QuestionSet


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A next step: an activity at a stage."""

    stage: str
    activity: Activity

    def as_dict(self) -> dict[str, Any]:
        """The recommendation for templates, with its kind and size (see nextsteps)."""
        return {
            **self.activity.as_dict(),
            "stage": self.stage,
            "kind": kind_of(self.activity),
            "size": size_of(self.activity),
        }


@dataclass(frozen=True, slots=True)
class Result:
    """Where an assessment places a course, recomputed from the answers every time."""

    score: Mapping[str, float]
    maximum: Mapping[str, float]
    pct: Mapping[str, float]
    stage: str | None
    recommendations: tuple[Recommendation, ...] = ()
    answers: Mapping[str, Answer] = field(default_factory=dict)
    deepen: tuple[Recommendation, ...] = ()  # activities at the placed stage not run yet

    @property
    def next_stage(self) -> str | None:
        """The stage after the placed one (None at the last stage or without a placement)."""
        following = next_stage(self.stage) if self.stage else None
        return following.id if following else None

    def as_dict(self, qset: QuestionSet) -> dict[str, Any]:
        """The result for templates and defaults (see CONTRACT.md)."""
        stage = STAGE_BY_ID.get(self.stage or "")
        following = STAGE_BY_ID.get(self.next_stage or "")
        return {
            "set": {"id": qset.id, "version": qset.version, "title": qset.title},
            "answers": dict(self.answers),
            "score": {k: _tidy(v) for k, v in self.score.items()},
            "maximum": {k: _tidy(v) for k, v in self.maximum.items()},
            "pct": {k: round(v) for k, v in self.pct.items()},
            "stage": self.stage,
            "stage_label": stage.label if stage else None,
            "next_stage": self.next_stage,
            "next_stage_label": following.label if following else None,
            "recommendations": [r.as_dict() for r in self.recommendations],
            "deepen": [r.as_dict() for r in self.deepen],
        }


def _tidy(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 2)


@dataclass(frozen=True, slots=True)
class _Weights:
    """What one question can add to each scale, worked out once per set."""

    maximum: tuple[tuple[str, float], ...]  # its share of each scale's maximum (zeros left out)
    scales: tuple[str, ...]  # the scales some option scores on
    options: tuple[tuple[str, Mapping[str, float]], ...]  # (value, scores) of options that score


@by_identity(64)
def _weights(qset: QuestionSet) -> dict[str, _Weights]:
    """What each scored question can add to each scale."""
    scales = [s.id for s in qset.scales]
    table: dict[str, _Weights] = {}
    for q in qset.questions():
        if not q.options:
            continue
        maximum: list[tuple[str, float]] = []
        for scale in scales:
            points = [o.scores.get(scale, 0.0) for o in q.options]
            top = max(points) if q.type == "choice" else sum(p for p in points if p > 0)
            if top:
                maximum.append((scale, top))
        table[q.id] = _Weights(
            tuple(maximum),
            tuple(s for s in scales if any(o.scores.get(s, 0.0) for o in q.options)),
            tuple((o.value, o.scores) for o in q.options if o.scores),
        )
    return table


def scores(
    qset: QuestionSet, answers: Mapping[str, Answer]
) -> tuple[dict[str, float], dict[str, float]]:
    """Score and maximum per scale over the asked questions."""
    score = {s.id: 0.0 for s in qset.scales}
    maximum = {s.id: 0.0 for s in qset.scales}
    weights = _weights(qset)
    for q in flow.asked(qset, answers):
        w = weights.get(q.id)
        if w is None:
            continue
        # Adding the zeros left out of the table would change no sum, not even its last bit.
        for scale, top in w.maximum:
            maximum[scale] += top
        value = answers.get(q.id)
        chosen = set(value) if isinstance(value, list) else {value}
        for scale in w.scales:
            score[scale] += sum(points.get(scale, 0.0) for v, points in w.options if v in chosen)
    return score, maximum


def percentages(score: Mapping[str, float], maximum: Mapping[str, float]) -> dict[str, float]:
    """Score / maximum × 100 per scale, 0 where the maximum is 0, clamped to 0–100."""
    return {
        k: min(100.0, max(0.0, score[k] / maximum[k] * 100)) if maximum[k] > 0 else 0.0
        for k in score
    }


def place(
    qset: QuestionSet,
    answers: Mapping[str, Answer],
    score: Mapping[str, float],
    pct: Mapping[str, float],
) -> str | None:
    """The stage of the first placement rule that holds."""
    context: dict[str, Any] = {q.id: None for q in qset.questions()}
    context.update(answers)
    context.update(answers=dict(answers), pct=dict(pct), score=dict(score))
    for rule in qset.placement:
        if rule.when is None or flow.holds(rule.when, context):
            return rule.stage
    return None


def recommend(
    stage: str | None,
    discipline: Discipline | None,
    answers: Mapping[str, Answer] | None = None,
    limit: int = 5,
) -> tuple[Recommendation, ...]:
    """Next-step activities for the course the answers describe.

    The discipline's at the next stage (at the last stage, that one), chosen and ordered
    by ``nextsteps.next_steps``.
    """
    if stage is None or discipline is None:
        return ()
    stage_id, activities = next_steps(stage, discipline, Course.of(answers or {}), limit)
    return tuple(Recommendation(stage_id, a) for a in activities)


def assess(qset: QuestionSet, answers: Mapping[str, Answer], catalogue: Catalogue) -> Result:
    """Score, place and recommend, from the answers alone."""
    counted = flow.effective(qset, answers)
    score, maximum = scores(qset, counted)
    pct = percentages(score, maximum)
    stage = place(qset, counted, score, pct) if qset.placement else None
    discipline = flow.discipline_of(qset, counted, catalogue)
    deepen: tuple[Recommendation, ...] = ()
    if stage is not None and discipline is not None:
        deepen = tuple(
            Recommendation(stage, a) for a in more_of(stage, discipline, Course.of(counted))
        )
    recs = recommend(stage, discipline, counted)
    return Result(score, maximum, pct, stage, recs, counted, deepen)
