"""Generate benchmark inputs: a large question set and many answers files."""

from __future__ import annotations

from pathlib import Path


def big_question_set(path: Path, questions: int = 10_000, per_section: int = 50) -> Path:
    """Write a valid plan set with ``questions`` questions of every type (~3.6 MB at 10,000)."""
    lines = [
        "format: wbl-questions/1",
        "id: big-set",
        "version: 1.0.0",
        "kind: plan",
        "title: A very large question set used to measure loading",
        "description: |",
        "  Generated for the benchmark. Every question type appears, with help text,",
        "  validation and a condition, so that loading does all of its checks.",
        "sections:",
    ]
    kinds = ("text", "textarea", "choice", "multichoice", "scale", "number", "boolean")
    for i in range(questions):
        if i % per_section == 0:
            s = i // per_section
            lines += [
                f"  - id: section_{s}",
                f"    title: Section number {s} of the generated set",
                "    intro: Answer what applies to your course; the rest can stay empty for now.",
                "    questions:",
            ]
        kind = kinds[i % len(kinds)]
        lines += [
            f"      - id: q_{i}",
            f"        prompt: Question {i} asks about the course and what students do in it?",
            f"        type: {kind}",
            "        required: false",
            "        help: A paragraph of help text that explains what the question means and why it matters to the plan.",
            "        placeholder: e.g. a short sample answer that shows the expected form",
        ]
        if kind in ("text", "textarea"):
            lines.append("        validate: {min_length: 2, max_length: 400}")
        if kind in ("choice", "multichoice"):
            lines.append("        options:")
            for v in range(4):
                lines.append(
                    f"          - {{value: opt_{v}, label: Option number {v} for this question}}"
                )
        if kind == "number":
            lines.append("        validate: {min: 0, max: 1000, integer: true}")
        if kind == "scale":
            lines.append("        labels: {1: Not yet, 5: Always}")
        if i % 10 == 9:
            lines.append(f"        when: \"q_{i - 3} != 'skip'\"")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
