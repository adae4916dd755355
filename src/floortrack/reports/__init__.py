"""Reports: a visit and claim packet in Markdown, HTML or PDF. No Textual, no file access:
`make_report` returns bytes; the caller writes them (through store.atomic)."""

from __future__ import annotations

from collections.abc import Sequence

from floortrack.model import Authorization, Call, Claim, DiaryEntry, Plan, Session

from .packet import ReportError, ReportRequest, build_packet

FORMATS: tuple[str, ...] = ("md", "html", "pdf")
PAPERS: tuple[str, ...] = ("letter", "a4")

__all__ = ["FORMATS", "PAPERS", "ReportError", "ReportRequest", "build_packet", "make_report"]


def make_report(
    request: ReportRequest,
    fmt: str,
    sessions: Sequence[Session],
    claims: Sequence[Claim],
    plans: Sequence[Plan] = (),
    diary: Sequence[DiaryEntry] = (),
    paper: str = "letter",
    *,
    auths: Sequence[Authorization] = (),
    calls: Sequence[Call] = (),
) -> bytes:
    """The packet rendered in `fmt` ("md", "html" or "pdf") as bytes (UTF-8 for text)."""
    if fmt not in FORMATS:
        raise ReportError(f"format must be one of {', '.join(FORMATS)} (got '{fmt}')")
    doc = build_packet(request, sessions, claims, plans, diary, auths=auths, calls=calls)
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(doc).encode("utf-8")
    if fmt == "html":
        from .html import render_html

        return render_html(doc).encode("utf-8")
    from .pdf import render_pdf  # fpdf2 is only imported when a PDF is asked for

    return render_pdf(doc, paper)
