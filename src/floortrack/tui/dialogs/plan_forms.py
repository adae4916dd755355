"""The plan and authorisation forms (FieldForm), built and checked by the model's Plan and
Authorization: the same rules as `floortrack plan add` and `floortrack auth add`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from floortrack.model import Authorization, Plan
from floortrack.tui.dialogs.field_form import Field, FieldForm

PLAN_TYPE_OPTIONS: tuple[tuple[str, str], ...] = (
    ("Commercial (employer or marketplace)", "commercial"),
    ("Medicare (original)", "medicare"),
    ("Medicare Advantage", "medicare_advantage"),
    ("Other (Medicaid, workers' comp …)", "other"),
)

UNIT_RULE_OPTIONS: tuple[tuple[str, str], ...] = (
    ("As the plan type says", ""),
    ("CMS 8-minute rule", "cms"),
    ("Per-code rule", "per-code"),
)


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def _number(text: str) -> str | None:
    """An optional whole number: blank means "not given" (the plan type's default)."""
    return text.strip() or None


def plan_from(values: dict[str, str]) -> Plan:
    """The Plan these form values describe (ValidationError names the wrong field)."""
    return Plan(
        payer=values["payer"],
        plan_type=values["plan_type"] or "commercial",
        plan_year_start_month=values["plan_year_start_month"].strip() or 1,  # type: ignore[arg-type]
        appeal_window_days=_number(values["appeal_window_days"]),  # type: ignore[arg-type]
        timely_filing_days=_number(values["timely_filing_days"]),  # type: ignore[arg-type]
        visit_limit=_number(values["visit_limit"]),  # type: ignore[arg-type]
        unit_method=values["unit_method"] or None,
        member_id=values["member_id"],
        note=values["note"],
    )


def plan_values(plan: Plan) -> dict[str, Any]:
    """A plan's fields as `actions.plans.add_plan` takes them."""
    return {
        "payer": plan.payer,
        "plan_type": plan.plan_type,
        "plan_year_start_month": plan.plan_year_start_month,
        "appeal_window_days": plan.appeal_window_days,
        "timely_filing_days": plan.timely_filing_days,
        "visit_limit": plan.visit_limit,
        "unit_method": plan.unit_method,
        "member_id": plan.member_id,
        "note": plan.note,
    }


def plan_form(
    plan: Plan | None, on_save: Callable[[Plan], Awaitable[str | None]]
) -> FieldForm[Plan]:
    p = plan or Plan(payer="-")
    fields = (
        Field("payer", "Payer", "" if plan is None else p.payer, "as on your insurance card"),
        Field("plan_type", "Plan type", p.plan_type, options=PLAN_TYPE_OPTIONS),
        Field(
            "unit_method",
            "Unit rule",
            p.unit_method or "",
            options=UNIT_RULE_OPTIONS,
            hint="Medicare kinds: the CMS 8-minute rule; other plans: per code.",
        ),
        Field("visit_limit", "Visits a year", _text(p.visit_limit), "blank: no limit"),
        Field("plan_year_start_month", "Plan year starts", str(p.plan_year_start_month), "1-12"),
        Field(
            "appeal_window_days",
            "Appeal window, days",
            _text(p.appeal_window_days),
            "blank: the typical window for the plan type",
        ),
        Field(
            "timely_filing_days",
            "Filing limit, days",
            _text(p.timely_filing_days),
            "blank: the typical limit for the plan type",
        ),
        Field("member_id", "Member ID", p.member_id, "optional"),
        Field("note", "Note", p.note, "optional"),
    )
    title = "New insurance plan" if plan is None else f"Edit plan: {plan.payer}"
    intro = "One plan per payer. Claims are matched to it by the payer's name."
    return FieldForm(title, fields, plan_from, on_save, intro=intro, save_label="Save plan")


def auth_from(values: dict[str, str]) -> Authorization:
    return Authorization(
        payer=values["payer"],
        visits=values["visits"],  # type: ignore[arg-type]
        start=values["start"],  # type: ignore[arg-type]
        end=values["end"],  # type: ignore[arg-type]
        number=values["number"],
        note=values["note"],
    )


def auth_values(auth: Authorization) -> dict[str, Any]:
    """An authorisation's fields as `actions.plans.add_auth` takes them."""
    return {
        "payer": auth.payer,
        "visits": auth.visits,
        "start": auth.start,
        "end": auth.end,
        "number": auth.number,
        "note": auth.note,
    }


def auth_form(
    auth: Authorization | None,
    on_save: Callable[[Authorization], Awaitable[str | None]],
    *,
    payer: str = "",
    today: date | None = None,
) -> FieldForm[Authorization]:
    fields = (
        Field("payer", "Payer", auth.payer if auth else payer, "the plan that authorised it"),
        Field("visits", "Visits authorised", str(auth.visits) if auth else "", "e.g. 12"),
        Field(
            "start",
            "From",
            auth.start.isoformat() if auth else (today.isoformat() if today else ""),
            "YYYY-MM-DD",
        ),
        Field("end", "Until", auth.end.isoformat() if auth else "", "YYYY-MM-DD"),
        Field("number", "Authorisation #", auth.number if auth else "", "optional"),
        Field("note", "Note", auth.note if auth else "", "optional"),
    )
    title = "New prior authorisation" if auth is None else "Edit authorisation"
    intro = "So many visits approved by the payer between two dates (see the letter)."
    return FieldForm(title, fields, auth_from, on_save, intro=intro, save_label="Save")
