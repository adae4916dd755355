"""Realistic sample data for `floortrack --demo`, screenshots, snapshots and benchmarks.

`build_demo(repo, today)`: about four months of pelvic-floor therapy ending near `today`: an
evaluation, treatments (97110/97112/97140/97530/97535/90912 with minutes, pain easing over the
weeks), a re-evaluation, claims that were paid, partially paid, denied (CO-97, CO-50, PR-204)
and appealed, one plan, one authorisation and ~3 months of diary days that improve.

`build_large(repo, sessions=5000, claims=5000)`: ten years of the same kind of record, written
in one import, for the performance benchmarks.

Deterministic: a fixed random seed and dates relative to `today` only. No Textual here.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from floortrack.model import (
    Adjustment,
    Appeal,
    Authorization,
    Claim,
    ClaimLine,
    DiaryEntry,
    PatientPayment,
    Plan,
    Session,
    SessionLine,
    StatusChange,
)
from floortrack.store import Repository

CLINIC = "Bloom Pelvic Health"
OTHER_CLINIC = "Riverside Physical Therapy"
PAYER = "Blue Harbor Health"

# Typical charge per unit at a private clinic; only used to make the numbers look plausible.
RATES: dict[str, Decimal] = {
    "97161": Decimal("185.00"),
    "97162": Decimal("210.00"),
    "97163": Decimal("240.00"),
    "97164": Decimal("150.00"),
    "97110": Decimal("62.00"),
    "97112": Decimal("68.00"),
    "97140": Decimal("65.00"),
    "97530": Decimal("72.00"),
    "97535": Decimal("66.00"),
    "90912": Decimal("98.00"),
}

# Treatment plans a therapist might use on a visit: (code, minutes) lines.
TREATMENTS: tuple[tuple[tuple[str, int], ...], ...] = (
    (("97110", 25), ("97140", 15)),
    (("97112", 23), ("97110", 15), ("97535", 10)),
    (("90912", 20), ("97110", 20)),
    (("97140", 20), ("97530", 18)),
    (("97110", 30), ("97112", 12)),
    (("97535", 15), ("97110", 22), ("97140", 8)),
)

SYMPTOMS = (
    "leaking with coughing and sneezing; urgency on the way home",
    "leaks when lifting the toddler; tailbone ache after sitting",
    "fewer leaks this week; urgency mostly in the morning",
    "one leak on a run; pelvic heaviness by evening",
    "no leaks with sneezing; still urgent after coffee",
    "mild ache after a long drive, otherwise good",
)

NOTES = (
    "Learned the knack (squeeze before a cough). Home: 3 sets of 10 quick flicks.",
    "Biofeedback showed slow relaxation; practised down-training with breathing.",
    "Bladder diary reviewed: cut back coffee after noon.",
    "Manual therapy to the obturator internus; less tenderness afterwards.",
    "Progressed to squats with exhale and contraction. Added bridges.",
    "Urge suppression: stop, squeeze 5 quick, breathe, then walk calmly.",
)


def _units(lines: tuple[tuple[str, int | None], ...]) -> tuple[ClaimLine, ...]:
    """Billed units per code by the per-code 8-minute midpoint (one unit for untimed codes)."""
    claim_lines = []
    for code, minutes in lines:
        units = 1 if minutes is None else max(1, (minutes + 7) // 15)
        claim_lines.append(ClaimLine(code, units, RATES.get(code, Decimal("60.00")) * units))
    return tuple(claim_lines)


def _session(
    day: date,
    visit_type: str,
    lines: tuple[tuple[str, int | None], ...],
    pain: tuple[int, int],
    n: int,
    clinic: str,
) -> Session:
    return Session(
        date=day,
        provider=clinic,
        visit_type=visit_type,
        lines=tuple(SessionLine(code, minutes) for code, minutes in lines),
        pain_before=pain[0],
        pain_after=pain[1],
        symptoms=SYMPTOMS[n % len(SYMPTOMS)],
        note=NOTES[n % len(NOTES)],
    )


def _visit_days(today: date) -> list[date]:
    """Twice a week for six weeks, then weekly: ~20 visits over four months, none today."""
    start = today - timedelta(days=118)
    start -= timedelta(days=start.weekday())  # a Monday
    days = []
    for week in range(17):
        monday = start + timedelta(weeks=week)
        days.append(monday + timedelta(days=1))  # Tuesday
        if week < 6:
            days.append(monday + timedelta(days=3))  # Thursday
    return [d for d in days if d < today]


def demo_sessions(today: date) -> list[Session]:
    days = _visit_days(today)
    sessions: list[Session] = []
    last = len(days) - 1
    for n, day in enumerate(days):
        progress = n / max(last, 1)
        before = round(6 - 4 * progress)
        pain = (before, max(0, before - 2 + (n % 2)))
        if n == 0:
            lines: tuple[tuple[str, int | None], ...] = (("97162", None), ("97110", 15))
            sessions.append(_session(day, "evaluation", lines, (6, 5), n, CLINIC))
        elif n == 14:
            lines = (("97164", None), ("97112", 15))
            sessions.append(_session(day, "re-evaluation", lines, pain, n, CLINIC))
        else:
            clinic = OTHER_CLINIC if n == 9 else CLINIC
            treatment = TREATMENTS[n % len(TREATMENTS)]
            sessions.append(_session(day, "treatment", treatment, pain, n, clinic))
    return sessions


def _claim_for(session: Session, sid: int, n: int, today: date) -> Claim:
    lines = _units(tuple((ln.code, ln.minutes) for ln in session.lines))
    billed = sum((ln.billed or Decimal(0) for ln in lines), Decimal("0.00"))
    # Sent two days after the visit, but never after today (a visit from yesterday was
    # sent today at the latest).
    submitted = min(session.date + timedelta(days=2), today)
    age = (today - session.date).days
    base = Claim(
        service_dates=(session.date,),
        payer=PAYER,
        billed=billed,
        claim_number=f"BH{session.date:%y%m%d}{sid:03d}",
        submitted=submitted,
        lines=lines,
        session_ids=(sid,),
        history=(StatusChange("submitted", submitted),),
    )
    decided = submitted + timedelta(days=16)
    if age < 12:  # too recent to be decided
        return base
    if age < 24:
        return replace(
            base,
            status="in_process",
            history=base.history + (StatusChange("in_process", submitted + timedelta(days=5)),),
        )
    allowed = (billed * Decimal("0.62")).quantize(Decimal("0.01"))
    contractual = billed - allowed
    if n == 3:  # CO-97: the manual therapy was bundled into another service that day
        code = lines[0].code
        return replace(
            base,
            status="denied",
            allowed=Decimal("0.00"),
            paid=Decimal("0.00"),
            patient_owes=Decimal("0.00"),
            denial_codes=("CO-97",),
            adjustments=(Adjustment("CO", "97", billed, code),),
            history=base.history + (StatusChange("denied", decided, "EOB: CO-97 bundled"),),
        )
    if n == 7:  # CO-50: "not medically necessary" — appealed with the therapist's notes
        filed = decided + timedelta(days=10)
        return replace(
            base,
            status="appealed",
            allowed=Decimal("0.00"),
            paid=Decimal("0.00"),
            patient_owes=Decimal("0.00"),
            denial_codes=("CO-50",),
            adjustments=(Adjustment("CO", "50", billed),),
            history=base.history
            + (
                StatusChange("denied", decided, "EOB: CO-50 not medically necessary"),
                StatusChange("appealed", filed, "Sent plan of care and progress notes"),
            ),
            appeals=(Appeal(1, filed, "pending", note="Letter of medical necessity from PT"),),
        )
    if n == 8:  # PR-204: biofeedback not covered by this plan; the patient owes it
        return replace(
            base,
            status="denied",
            allowed=Decimal("0.00"),
            paid=Decimal("0.00"),
            patient_owes=billed,
            not_covered=billed,
            denial_codes=("PR-204",),
            adjustments=(Adjustment("PR", "204", billed),),
            history=base.history + (StatusChange("denied", decided, "EOB: PR-204"),),
        )
    if n == 12:  # missing information: the plan asked for the referral
        return replace(
            base,
            status="needs_info",
            history=base.history
            + (StatusChange("needs_info", decided, "Plan asked for the physician referral"),),
        )
    if n in (1, 2):  # early in the year: deductible applies, so only partly paid
        deductible = min(allowed, Decimal("120.00"))
        paid = allowed - deductible
        return replace(
            base,
            status="partially_paid",
            allowed=allowed,
            paid=paid,
            patient_owes=deductible,
            deductible=deductible,
            adjustments=(
                Adjustment("CO", "45", contractual),
                Adjustment("PR", "1", deductible),
            ),
            history=base.history + (StatusChange("partially_paid", decided),),
            payments=(PatientPayment(decided + timedelta(days=20), deductible, "card at desk"),)
            if n == 1
            else (),
        )
    copay = Decimal("30.00")
    paid = allowed - copay
    return replace(
        base,
        status="paid",
        allowed=allowed,
        paid=paid,
        patient_owes=copay,
        copay=copay,
        adjustments=(Adjustment("CO", "45", contractual), Adjustment("PR", "3", copay)),
        history=base.history + (StatusChange("paid", decided),),
        payments=(PatientPayment(session.date, copay, "copay at visit"),),
    )


def demo_diary(today: date, rng: random.Random) -> list[DiaryEntry]:
    entries = []
    days = 90
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        if rng.random() < 0.12:  # a few forgotten days, as in real diaries
            continue
        progress = (days - back) / days
        noise = rng.choice((-1, 0, 0, 1))
        # Exercises get skipped, less often as therapy goes on. A separate generator per day
        # keeps the other demo numbers (and the snapshots built on them) unchanged.
        skipped = random.Random(day.toordinal()).random() < 0.35 - 0.25 * progress
        sets = min(5, max(0, round(1 + 2 * progress) + (1 if rng.random() < 0.3 else 0)))
        entries.append(
            DiaryEntry(
                date=day,
                leaks=max(0, round(4 - 3.2 * progress) + noise),
                pads=max(0, round(3 - 2 * progress) + (noise if noise > 0 else 0)),
                urgency=max(0, round(6 - 4 * progress) + noise),
                trips=max(4, round(11 - 4 * progress) + noise),
                pain=max(0, min(10, round(4 - 3 * progress) + noise)),
                sets=0 if skipped else sets,
                note="coffee after lunch" if rng.random() < 0.06 else "",
            )
        )
    return entries


def build_demo(repo: Repository, today: date) -> None:
    """Fill `repo` (normally empty, a throwaway copy) with the demo records in one write."""
    rng = random.Random(20260314)
    sessions = [replace(s, id=i) for i, s in enumerate(demo_sessions(today), start=1)]
    claims = [_claim_for(s, s.id or 0, n, today) for n, s in enumerate(sessions)]
    first = sessions[0].date
    plan = Plan(
        PAYER,
        "commercial",
        visit_limit=30,
        member_id="BHH-4471-0923",
        note="PT visits: $30 copay after the deductible",
    )
    auth = Authorization(
        PAYER,
        visits=24,
        start=first,
        end=first + timedelta(days=180),
        number="AUTH-88124",
        note="Pelvic floor PT, plan of care from the evaluation",
    )
    repo.import_records(
        {
            "sessions": sessions,
            "claims": claims,
            "plans": [plan],
            "auths": [auth],
            "diary": demo_diary(today, rng),
        }
    )


def build_large(repo: Repository, sessions: int = 5000, claims: int = 5000) -> None:
    """Ten years of visits and claims (about two visits a working day) in one import write."""
    rng = random.Random(5000)
    today = date.today()
    start = today - timedelta(days=3650)
    records: list[Session] = []
    for n in range(sessions):
        day = start + timedelta(days=n * 3650 // max(sessions, 1))
        treatment = TREATMENTS[rng.randrange(len(TREATMENTS))]
        before = rng.randint(2, 7)
        session = _session(
            day,
            "treatment",
            treatment,
            (before, max(0, before - rng.randint(0, 3))),
            n,
            CLINIC if n % 5 else OTHER_CLINIC,
        )
        records.append(replace(session, id=n + 1))
    claim_records = []
    for n in range(claims):
        session = records[n % len(records)]
        claim = _claim_for(session, session.id or 1, n % 20, today)
        claim_records.append(replace(claim, claim_number=f"L{n:06d}"))
    repo.import_records({"sessions": records, "claims": claim_records})
