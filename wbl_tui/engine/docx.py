"""A Word document (.docx) from a plan's Markdown: headings, lists, tables, bold and italic.

For colleagues, employer partners and LMS uploads. The front matter is left out. python-docx
is imported only when a document is made, so nothing else pays for it.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it.token import Token

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n+", re.S)
_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.M)


def split_front_matter(markdown: str) -> tuple[str, str | None]:
    """The Markdown without its front matter, and the front matter's title if any."""
    match = _FRONT_MATTER.match(markdown)
    if not match:
        return markdown, None
    title = _TITLE.search(match.group(1))
    text = title.group(1).strip("'\"") if title else None
    return markdown[match.end() :], text


def markdown_to_docx(markdown: str) -> bytes:
    """The bytes of a .docx file showing ``markdown`` (front matter dropped)."""
    from docx import Document
    from markdown_it import MarkdownIt

    body, title = split_front_matter(markdown)
    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(body)
    document = Document()
    if title:
        document.core_properties.title = title
    _Writer(document).write(tokens)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Writer:
    """Walks markdown-it's block tokens and adds paragraphs, lists and tables."""

    def __init__(self, document: Any) -> None:
        self.doc = document
        self.lists: list[list[int]] = []  # per open list: [ordered?, next number]
        self.first_in_item = False
        self.quote = 0
        self.table: list[list[tuple[Token, bool]]] | None = None

    def write(self, tokens: list[Token]) -> None:
        """Add every block of ``tokens`` to the document."""
        for i, token in enumerate(tokens):
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrGet("start") or 1)
                self.lists.append([kind == "ordered_list_open", start])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.first_in_item = True
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind == "table_open":
                self.table = []
            elif kind == "tr_open" and self.table is not None:
                self.table.append([])
            elif kind == "inline" and self.table is not None and self.table:
                self.table[-1].append((token, tokens[i - 1].type == "th_open"))
            elif kind == "table_close":
                self._table()
            elif kind == "heading_open":
                level = min(int(token.tag[1:]), 9)
                self._runs(self.doc.add_heading(level=level), tokens[i + 1])
            elif kind == "inline" and tokens[i - 1].type == "paragraph_open":
                self._runs(self._paragraph(), token)
            elif kind in ("fence", "code_block"):
                paragraph = self.doc.add_paragraph()
                paragraph.add_run(token.content.rstrip("\n")).font.name = "Courier New"

    def _paragraph(self) -> Any:
        """A new paragraph, styled for the list item or quote it is in."""
        if self.lists and self.first_in_item:
            self.first_in_item = False
            depth = len(self.lists)
            ordered, number = self.lists[-1]
            if ordered:
                self.lists[-1][1] += 1
                paragraph = self.doc.add_paragraph()
                paragraph.paragraph_format.left_indent = _inches(0.25 * depth + 0.1)
                paragraph.paragraph_format.first_line_indent = _inches(-0.25)
                paragraph.add_run(f"{number}.\t")
                return paragraph
            style = "List Bullet" if depth == 1 else f"List Bullet {min(depth, 3)}"
            return self.doc.add_paragraph(style=style)
        if self.lists:  # a later paragraph of a list item: indented, no bullet
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.left_indent = _inches(0.25 * len(self.lists) + 0.1)
            return paragraph
        if self.quote:
            return self.doc.add_paragraph(style="Quote")
        return self.doc.add_paragraph()

    def _table(self) -> None:
        rows = self.table or []
        self.table = None
        columns = max((len(r) for r in rows), default=0)
        if not columns:
            return
        table = self.doc.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, (inline, header) in enumerate(row):
                cell = table.cell(r, c)
                self._runs(cell.paragraphs[0], inline, bold=header)

    def _runs(self, paragraph: Any, inline: Token, bold: bool = False) -> None:
        """The inline text of ``inline`` as runs, bold and italic kept."""
        strong, em = 0, 0
        for child in inline.children or []:
            kind = child.type
            if kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                em += 1
            elif kind == "em_close":
                em -= 1
            elif kind in ("text", "code_inline"):
                run = paragraph.add_run(child.content)
                run.bold = bool(strong) or bold or None
                run.italic = bool(em) or None
                if kind == "code_inline":
                    run.font.name = "Courier New"
            elif kind == "softbreak":
                paragraph.add_run(" ")
            elif kind == "hardbreak":
                paragraph.add_run().add_break()
            elif kind == "image":
                paragraph.add_run(child.content)


def _inches(value: float) -> Any:
    from docx.shared import Inches

    return Inches(value)
