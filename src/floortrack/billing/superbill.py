"""A superbill: the itemised statement an insurer needs for a claim the patient files, built
from the logged visits, and the check for what insurers reject (docs/BENEFITS.md,
"Superbills").

Pure: the records in, the lines and the findings out. Lines come from the visits at the
clinic in the date range. Per line:
- units: the billed units of a claim for that visit when there is one, else the units the
  logged minutes give (billing/units.py, by the plan's method);
- modifiers: from that claim's line, if any;
- charge: a visit with one code takes the visit's charge; otherwise (or with no visit
  charge) the clinic's fee for the code times its units; a visit charge shared by several
  codes with no fees for them stays on the visit and those lines are reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from floortrack.billing import catalogue
from floortrack.billing.npi import npi_problem
from floortrack.billing.plans import rule_for_plan
from floortrack.billing.units import calculate_units
from floortrack.model import ICD10_RE, Claim, Clinic, Plan, Profile, Session

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Finding:
    """Something an insurer would reject, with what to do about it."""

    where: str  # "clinic", "patient", "plan", "diagnosis", "line", "visits"
    message: str
    day: date | None = None
    code: str = ""


@dataclass(frozen=True)
class Diagnosis:
    code: str
    title: str  # from the catalogue, "" if unknown


@dataclass(frozen=True)
class Line:
    day: date
    session_id: int | None
    code: str
    modifiers: tuple[str, ...]
    units: int
    minutes: int | None
    charge: Decimal | None
    title: str = ""


@dataclass(frozen=True)
class Visit:
    day: date
    session_id: int | None
    lines: tuple[Line, ...]
    charged: Decimal | None  # the visit's total charge (its own, else its lines' sum)
    paid: Decimal  # paid at the desk


@dataclass(frozen=True)
class Superbill:
    clinic: Clinic
    profile: Profile
    plan: Plan | None
    start: date
    end: date
    diagnoses: tuple[Diagnosis, ...]
    visits: tuple[Visit, ...]
    findings: tuple[Finding, ...] = field(default=())

    @property
    def total_charged(self) -> Decimal:
        return sum((v.charged or ZERO for v in self.visits), ZERO)

    @property
    def total_paid(self) -> Decimal:
        return sum((v.paid for v in self.visits), ZERO)

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(line for v in self.visits for line in v.lines)

    @property
    def ok(self) -> bool:
        return not self.findings


def _title(code: str) -> str:
    entry = catalogue.lookup(code)
    return entry.title if entry is not None else ""


def check_diagnosis(code: str) -> tuple[Diagnosis, Finding | None]:
    """The diagnosis as it will print, and a finding if an insurer would reject it."""
    text = code.strip().upper()
    if not ICD10_RE.match(text):
        return Diagnosis(text, ""), Finding(
            "diagnosis",
            f"'{code.strip()}' is not an ICD-10 code (like N39.41 or M62.89)",
            code=text,
        )
    entry = catalogue.lookup(text)
    if entry is None or entry.kind != "diagnosis":
        return Diagnosis(text, ""), None
    if entry.billable is False:
        instead = ", ".join(entry.use_instead[:6])
        return Diagnosis(text, entry.title), Finding(
            "diagnosis",
            f"{text} is a category, not billable on its own: use a full code"
            + (f" ({instead}…)" if instead else ""),
            code=text,
        )
    return Diagnosis(text, entry.title), None


def _claim_lines_for(
    session: Session, claims: Iterable[Claim]
) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Billed units and modifiers per code from a claim covering this visit alone."""
    for claim in claims:
        linked = session.id is not None and session.id in claim.session_ids
        by_date = not claim.session_ids and claim.service_dates == (session.date,)
        if (linked or by_date) and claim.lines and len(claim.service_dates) == 1:
            out: dict[str, tuple[int, tuple[str, ...]]] = {}
            for line in claim.lines:
                units, mods = out.get(line.code, (0, line.modifiers))
                out[line.code] = (units + line.units, mods)
            return out
    return {}


def _visit(
    session: Session, clinic: Clinic, claims: Sequence[Claim], method: str
) -> tuple[Visit, list[Finding]]:
    findings: list[Finding] = []
    result = calculate_units(session.lines, method)
    billed = _claim_lines_for(session, claims)
    merged: dict[str, int | None] = dict(result.minutes)
    lines: list[Line] = []
    single = len(merged) == 1
    for code, minutes in merged.items():
        timed = result.timed.get(code, False)
        if code in billed:
            units, modifiers = billed[code]
            lowest = result.units.get(code, 0) - (
                1 if result.max_units(code) > result.units.get(code, 0) else 0
            )
            if timed and minutes is not None and not lowest <= units <= result.max_units(code):
                findings.append(
                    Finding(
                        "line",
                        f"{units} unit{'s' if units != 1 else ''} of {code} billed, but "
                        f"{minutes} minutes give {result.units.get(code, 0)} ({method} method): "
                        "ask the clinic which is right",
                        session.date,
                        code,
                    )
                )
        else:
            units, modifiers = result.units.get(code, 1), ()
        if timed and minutes is None:
            findings.append(
                Finding(
                    "line",
                    f"{code} is a timed code with no minutes logged: add them "
                    f"(`session edit {session.id} --code {code}:MINUTES …`)",
                    session.date,
                    code,
                )
            )
        fee = clinic.fee_for(code)
        if single and session.charged is not None:
            charge: Decimal | None = session.charged
        elif fee is not None:
            charge = fee * max(units, 1)
        else:
            charge = None
        lines.append(
            Line(session.date, session.id, code, modifiers, units, minutes, charge, _title(code))
        )
    missing = [ln for ln in lines if ln.charge is None]
    if session.charged is not None and len(missing) == 1 and not single:
        known = sum((ln.charge or ZERO for ln in lines), ZERO)
        rest = session.charged - known
        if rest > 0:  # the one line with no fee takes what is left of the visit's charge
            lines = [
                Line(
                    ln.day,
                    ln.session_id,
                    ln.code,
                    ln.modifiers,
                    ln.units,
                    ln.minutes,
                    rest,
                    ln.title,
                )
                if ln.charge is None
                else ln
                for ln in lines
            ]
            missing = []
    for ln in missing:
        findings.append(
            Finding(
                "line",
                f"no charge for {ln.code}: record the visit's charge (`session edit "
                f"{session.id} --charged A`) or the clinic's fee (`clinic edit "
                f'"{clinic.name}" --fee {ln.code}:A`)',
                ln.day,
                ln.code,
            )
        )
    line_total = sum((ln.charge for ln in lines if ln.charge is not None), ZERO)
    charged = session.charged if session.charged is not None else (line_total if lines else None)
    if session.charged is not None and not missing and line_total != session.charged:
        findings.append(
            Finding(
                "line",
                f"the lines add up to ${line_total:,.2f} but the visit's charge is "
                f"${session.charged:,.2f}: check the clinic's fees",
                session.date,
            )
        )
    visit = Visit(session.date, session.id, tuple(lines), charged, session.paid_at_desk or ZERO)
    return visit, findings


def build_superbill(
    clinic: Clinic,
    profile: Profile,
    plan: Plan | None,
    sessions: Iterable[Session],
    claims: Sequence[Claim],
    start: date,
    end: date,
    diagnoses: Sequence[str],
) -> Superbill:
    """The superbill for the visits at `clinic` from `start` to `end`, with every finding."""
    findings: list[Finding] = []
    problem = npi_problem(clinic.npi)
    if problem is not None:
        fix = f'`clinic edit "{clinic.name}" --npi N`'
        findings.append(Finding("clinic", f"{problem[0].upper()}{problem[1:]}: {fix}"))
    if not clinic.tax_id:
        findings.append(
            Finding("clinic", f'no tax ID (EIN): `clinic edit "{clinic.name}" --tax-id 12-3456789`')
        )
    if not clinic.address:
        findings.append(
            Finding("clinic", f'no clinic address: `clinic edit "{clinic.name}" --address …`')
        )
    if not profile.name:
        findings.append(Finding("patient", 'no patient name: `profile set --name "…"`'))
    if profile.date_of_birth is None:
        findings.append(Finding("patient", "no date of birth: `profile set --date-of-birth D`"))
    if plan is None:
        findings.append(
            Finding("plan", "no plan to file with: add one (`plan add`) or name it with --payer")
        )
    elif not plan.member_id:
        findings.append(
            Finding("plan", f"no member ID for {plan.payer}: `plan edit {plan.id} --member-id X`")
        )
    checked: list[Diagnosis] = []
    seen: set[str] = set()
    for code in diagnoses:
        diagnosis, finding = check_diagnosis(code)
        if diagnosis.code in seen:
            continue
        seen.add(diagnosis.code)
        checked.append(diagnosis)
        if finding is not None:
            findings.append(finding)
    if not checked:
        findings.append(
            Finding(
                "diagnosis",
                "no diagnosis: add the ICD-10 code(s) from your referral or plan "
                "of care with --diagnosis",
            )
        )
    name = clinic.name.casefold()
    at_clinic = sorted(
        (s for s in sessions if s.provider.casefold() == name and start <= s.date <= end),
        key=lambda s: (s.date, s.id or 0),
    )
    if not at_clinic:
        findings.append(
            Finding(
                "visits",
                f"no visits at {clinic.name} from {start.isoformat()} to {end.isoformat()}",
            )
        )
    method = rule_for_plan(plan, plan.payer if plan else None).method
    visits: list[Visit] = []
    for session in at_clinic:
        visit, visit_findings = _visit(session, clinic, claims, method)
        visits.append(visit)
        findings += visit_findings
    return Superbill(
        clinic, profile, plan, start, end, tuple(checked), tuple(visits), tuple(findings)
    )
