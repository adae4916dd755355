"""Render any report `Document` (a packet, an appeal letter) to Markdown, HTML or PDF bytes,
and pick the format from a file name's extension."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .document import Document
from .packet import ReportError

if TYPE_CHECKING:
    from .pdf import OnProgress

EXTENSIONS: dict[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


def format_of(path: Path) -> str:
    """ "md", "html" or "pdf" from the file's extension; ReportError for anything else."""
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise ReportError(
            f"'{path.name}' does not end in .md, .html or .pdf: the extension picks the format"
        )
    return fmt


def render(
    doc: Document, fmt: str, paper: str = "letter", progress: OnProgress | None = None
) -> bytes:
    """`doc` as bytes; `progress` is told how far a PDF has got (see reports/pdf.py)."""
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(doc).encode("utf-8")
    if fmt == "html":
        from .html import render_html

        return render_html(doc).encode("utf-8")
    if fmt == "pdf":
        from .pdf import render_pdf  # fpdf2 is only imported when a PDF is asked for

        return render_pdf(doc, paper, progress)
    raise ReportError(f"format must be md, html or pdf (got '{fmt}')")
