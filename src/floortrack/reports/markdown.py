"""The packet as Markdown (GitHub-flavoured tables), readable as plain text too."""

from __future__ import annotations

import re

from .document import Bullets, Document, Facts, Heading, Para, Table

# Every piece of text is the patient's or the clinic's, never Markdown: a note must not add
# headings, links, images or raw HTML (<script>) to a packet someone else opens
# (docs/STORAGE.md, "Output"). Inline syntax is backslash-escaped, < and > become entities,
# and what would start a block at the start of a line (#, -, +, =, 1.) is escaped too.
_INLINE = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # only an & that would start an entity
_BLOCK_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])")


def md_text(text: str) -> str:
    text = " ".join(text.splitlines())  # one line: no new block can start inside it
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _BLOCK_START.sub(r"\1\\\2", text)


def _cell(text: str) -> str:
    return md_text(text) or " "


def _table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], align: str) -> list[str]:
    marks = ["---:" if (align[i : i + 1] == "r") else "---" for i in range(len(headers))]
    out = ["| " + " | ".join(_cell(h) for h in headers) + " |", "| " + " | ".join(marks) + " |"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def render_markdown(doc: Document) -> str:
    lines = [f"# {md_text(doc.title)}", ""]
    if doc.subtitle:
        lines += [f"_{md_text(doc.subtitle)}_", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += ["#" * max(1, block.level) + " " + md_text(block.text), ""]
        elif isinstance(block, Para):
            text = md_text(block.text)
            if block.style == "alert":
                text = f"**{text}**"
            elif block.style == "muted":
                text = f"_{text}_"
            lines += [text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {md_text(item)}" for item in block.items] + [""]
        elif isinstance(block, Facts):
            lines += _table(("Item", "Value"), block.pairs, "ll") + [""]
        elif isinstance(block, Table):
            lines += _table(block.headers, block.rows, block.align) + [""]
    return "\n".join(lines).rstrip() + "\n"
