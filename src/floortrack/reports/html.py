"""The packet as one self-contained HTML page (inline CSS, no scripts, prints cleanly)."""

from __future__ import annotations

from html import escape

from .document import Bullets, Document, Facts, Heading, Para, Table

_CSS = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1b1b1b;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #2c5d8a; padding-bottom: 0.2rem;
     margin-top: 2rem; color: #2c5d8a; }
h3 { font-size: 1.05rem; margin-top: 1.5rem; }
.subtitle, .muted { color: #555; font-size: 0.9rem; }
.alert { border-left: 4px solid #b3261e; background: #fdf0ef; padding: 0.4rem 0.7rem;
         font-weight: 600; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #c9ced6; padding: 0.25rem 0.5rem; vertical-align: top;
         text-align: left; }
th { background: #eef2f7; }
td.r, th.r { text-align: right; white-space: nowrap; }
table.facts { width: auto; min-width: 50%; }
table.facts th { width: 16rem; font-weight: 600; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               tr { break-inside: avoid; } }
"""


def _table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], align: str) -> str:
    def cls(i: int) -> str:
        return ' class="r"' if align[i : i + 1] == "r" else ""

    head = "".join(f"<th{cls(i)}>{escape(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{escape(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(doc: Document) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(doc.title)}</h1>",
    ]
    if doc.subtitle:
        parts.append(f'<p class="subtitle">{escape(doc.subtitle)}</p>')
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 4)
            parts.append(f"<h{level}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Para):
            style = "" if block.style == "normal" else f' class="{block.style}"'
            parts.append(f"<p{style}>{escape(block.text)}</p>")
        elif isinstance(block, Bullets):
            items = "".join(f"<li>{escape(i)}</li>" for i in block.items)
            parts.append(f"<ul>{items}</ul>")
        elif isinstance(block, Facts):
            rows = "".join(
                f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in block.pairs
            )
            parts.append(f'<table class="facts"><tbody>{rows}</tbody></table>')
        elif isinstance(block, Table):
            parts.append(_table(block.headers, block.rows, block.align))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
