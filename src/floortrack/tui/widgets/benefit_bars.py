"""Deductible and out-of-pocket bars for the Overview (billing/benefits.py does the sums).

Each bar has its numbers printed beside it (never colour or length alone), the next visit's
likely cost, "about N more visits until you reach your out-of-pocket maximum" where that can
be known, and the sentence saying which figure is shown and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.text import Text
from textual.widgets import Static

from floortrack.billing.benefits import NETWORK_WORDS, BenefitYear
from floortrack.tui.format import fmt_date, fmt_money

BAR_WIDTH = 16


def _bar(used: Decimal, total: Decimal, width: int = BAR_WIDTH) -> str:
    if total <= 0:
        return "░" * width
    filled = max(0, min(width, round(width * float(used / total))))
    return "█" * filled + "░" * (width - filled)


def _row(label: str, met: Decimal, limit: Decimal | None) -> Text:
    text = Text()
    text.append(f"  {label:<16}", style="bold")
    if limit is None:
        text.append(f"{fmt_money(met)} met (no limit entered)")
        return text
    text.append(_bar(met, limit) + "  ")
    text.append(f"{fmt_money(met)} of {fmt_money(limit)}")
    if met >= limit:
        text.append("  reached", style="bold green")
    return text


def benefit_text(years: Sequence[BenefitYear]) -> Text:
    """The current plan year of each plan and network, as bars with their figures."""
    lines: list[Text] = []
    for year in years:
        head = Text()
        head.append(f"{year.plan.payer}, {NETWORK_WORDS[year.network]}", style="bold")
        head.append(f"  plan year {fmt_date(year.start)} to {fmt_date(year.end)}", style="dim")
        lines.append(head)
        lines.append(_row("Deductible", year.deductible_met, year.deductible))
        lines.append(_row("Out of pocket", year.oop_met, year.oop_max))
        visits = Text()
        visits.append(f"  {'Visits used':<16}", style="bold")
        if year.visit_limit:
            visits.append(_bar(Decimal(year.visits_used), Decimal(year.visit_limit)) + "  ")
            visits.append(f"{year.visits_used} of {year.visit_limit}")
        else:
            visits.append(f"{year.visits_used} (no visit limit)")
        lines.append(visits)
        if year.estimate is not None:
            low, high = year.estimate.low, year.estimate.high
            span = fmt_money(low) if low == high else f"{fmt_money(low)} to {fmt_money(high)}"
            cost = Text()
            cost.append(f"  {'Next visit':<16}", style="bold")
            cost.append(f"about {span}")
            lines.append(cost)
        if year.visits_to_oop == 0:
            lines.append(Text("  Out-of-pocket maximum reached.", style="bold green"))
        elif year.visits_to_oop is not None:
            n = year.visits_to_oop
            lines.append(
                Text(
                    f"  About {n} more visit{'s' if n != 1 else ''} until you reach your "
                    "out-of-pocket maximum."
                )
            )
        lines.append(Text(f"  {year.basis}", style="dim"))
    return Text("\n").join(lines)


class BenefitBars(Static):
    """The benefits box's body; `show(years)` redraws it."""

    DEFAULT_CSS = """
    BenefitBars {
        height: auto;
    }
    """

    def show(self, years: Sequence[BenefitYear]) -> None:
        self.update(benefit_text(years))
