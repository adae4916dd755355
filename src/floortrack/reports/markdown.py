"""The packet as Markdown (GitHub-flavoured tables), readable as plain text too."""

from __future__ import annotations

from .document import Bullets, Document, Facts, Heading, Para, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or " "


def _table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], align: str) -> list[str]:
    marks = ["---:" if (align[i : i + 1] == "r") else "---" for i in range(len(headers))]
    out = ["| " + " | ".join(_cell(h) for h in headers) + " |", "| " + " | ".join(marks) + " |"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def render_markdown(doc: Document) -> str:
    lines = [f"# {doc.title}", ""]
    if doc.subtitle:
        lines += [f"_{doc.subtitle}_", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += ["#" * max(1, block.level) + " " + block.text, ""]
        elif isinstance(block, Para):
            text = block.text
            if block.style == "alert":
                text = f"**{text}**"
            elif block.style == "muted":
                text = f"_{text}_"
            lines += [text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {item}" for item in block.items] + [""]
        elif isinstance(block, Facts):
            lines += _table(("Item", "Value"), block.pairs, "ll") + [""]
        elif isinstance(block, Table):
            lines += _table(block.headers, block.rows, block.align) + [""]
    return "\n".join(lines).rstrip() + "\n"
