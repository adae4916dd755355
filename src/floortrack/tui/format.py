"""How dates, money and claim statuses look everywhere in the TUI (one place, so screens agree)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rich.text import Text

from floortrack.model import Session

# A status is always shown as a word AND a colour: colour alone fails colour-blind users,
# monochrome terminals and screen readers (docs/ARCHITECTURE.md, "Screens").
_STATUS_LOOK: dict[str, tuple[str, str]] = {
    "submitted": ("submitted", "bold cyan"),
    "in_process": ("in process", "bold blue"),
    "needs_info": ("needs info", "bold yellow"),
    "paid": ("paid", "bold green"),
    "partially_paid": ("part paid", "bold yellow"),
    "denied": ("denied", "bold red"),
    "appealed": ("appealed", "bold magenta"),
    "closed": ("closed", "dim"),
}


def fmt_date(day: date | None) -> str:
    """ISO everywhere (2026-03-14): sortable, unambiguous, and what the filters accept."""
    return "—" if day is None else day.isoformat()


def fmt_money(amount: Decimal | None) -> str:
    """$1,234.50, or an em dash for "not known yet"."""
    if amount is None:
        return "—"
    return f"${amount:,.2f}"


def plural(count: int, noun: str, many: str = "") -> str:
    """'1 visit', '2 visits' (`many` for irregular plurals)."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"


def status_label(status: str) -> str:
    return _STATUS_LOOK.get(status, (status.replace("_", " "), ""))[0]


def status_badge(status: str) -> Text:
    word, style = _STATUS_LOOK.get(status, (status.replace("_", " "), ""))
    return Text(word, style=style)


def fmt_pain(before: int | None, after: int | None) -> str:
    """Pain before→after a visit, '—' for a side not recorded."""
    if before is None and after is None:
        return "—"
    left = "—" if before is None else str(before)
    right = "—" if after is None else str(after)
    return f"{left}→{right}"


def fmt_lines(session: Session) -> str:
    """Codes with minutes as a patient reads them: '97110·25 97140·15 97161'."""
    return " ".join(
        line.code if line.minutes is None else f"{line.code}·{line.minutes}"
        for line in session.lines
    )
