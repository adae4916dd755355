"""Build, check and write a superbill (docs/BENEFITS.md, "Superbills").

`prepare_superbill` gathers the clinic, the patient's profile, the plan to file with and the
visits, and returns the superbill with its findings. `write_superbill` runs the same check and
refuses to write while anything would be rejected; the file is written atomically, mode 0600
(health data).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from floortrack.billing.plans import plan_for
from floortrack.billing.superbill import Superbill, build_superbill
from floortrack.model import Claim, ClaimLine, Clinic, Plan, StatusChange, parse_date
from floortrack.reports.superbill import format_for, render_superbill
from floortrack.store import Repository, Transaction

from .clinics import find_clinic
from .errors import Refused, ValidationError
from .profile import get_profile


def plan_to_file_with(
    plans: Sequence[Plan], clinic: Clinic, payer: str | None = None
) -> Plan | None:
    """The plan a superbill for `clinic` goes to: the one named, else the only plan the clinic
    is out of network with, else the only plan."""
    clinic_networks = {p.casefold(): s for p, s in clinic.networks}
    if payer is not None:
        plan = plan_for(payer, plans)
        if plan is None:
            names = ", ".join(p.payer for p in plans) or "none yet"
            raise ValidationError(f"no plan for {payer} (plans: {names})", "payer")
        return plan
    out = [p for p in plans if clinic_networks.get(p.payer.casefold()) == "out"]
    if len(out) == 1:
        return out[0]
    return plans[0] if len(plans) == 1 else None


def prepare_superbill(
    repo: Repository,
    *,
    clinic: str,
    start: str | date,
    end: str | date,
    diagnoses: Sequence[str] = (),
    payer: str | None = None,
) -> Superbill:
    first, last = parse_date(start, "from"), parse_date(end, "to")
    if last < first:
        raise ValidationError("--to is before --from: give the first day, then the last", "to")
    found = find_clinic(repo.clinics.all(), clinic)
    plan = plan_to_file_with(repo.plans.all(), found, payer)
    low, high = first.isoformat(), last.isoformat()
    sessions = repo.sessions.select(lambda doc: low <= doc["date"] <= high, (first, last))
    claims = repo.claims.select(
        lambda doc: any(low <= d <= high for d in doc.get("service_dates", ())), (first, last)
    )
    profile = get_profile(repo)
    codes = list(diagnoses) or list(profile.diagnoses)  # default: the profile's diagnoses
    return build_superbill(found, profile, plan, sessions, claims, first, last, codes)


def write_superbill(bill: Superbill, out: Path, data_file: Path, paper: str = "letter") -> Path:
    """Write `bill` to `out` (PDF, HTML or Markdown by extension). Refused with findings."""
    from floortrack.store.atomic import atomic_write_bytes

    if bill.findings:
        count = len(bill.findings)
        raise Refused(
            f"the superbill has {count} problem{'s' if count != 1 else ''} an insurer would "
            f"reject; nothing was written. First: {bill.findings[0].message}",
            "superbill",
        )
    target = out.expanduser()
    if target.is_dir():
        raise ValidationError(f"{target} is a folder: give a file name, e.g. superbill.pdf", "out")
    if not target.parent.exists():
        raise ValidationError(f"the folder {target.parent} does not exist", "out")
    if target.resolve() == data_file.resolve():
        raise ValidationError("that would overwrite your data file: choose another file", "out")
    payload = render_superbill(bill, format_for(target.name), paper)
    try:
        atomic_write_bytes(target.resolve(), payload)  # 0600, never half written
    except OSError as exc:
        raise ValidationError(f"cannot write {target}: {exc.strerror or exc}", "out") from None
    return target.resolve()


def record_superbill_claim(
    repo: Repository, bill: Superbill, *, today: date | None = None
) -> Claim:
    """Record the claim a superbill was sent as: filed by the patient, to the plan it names,
    for its visits and lines (billed = the superbill's total), submitted today. Refused if
    the superbill has problems, names no plan, or a claim the patient filed already covers
    one of its visits."""
    from floortrack.clock import today as clock_today

    now = today or clock_today()
    if bill.findings:
        raise Refused("the superbill has problems: fix them before recording its claim")
    if bill.plan is None or not bill.visits:
        raise Refused("a superbill with no plan or no visits cannot be recorded as a claim")
    session_ids = tuple(v.session_id for v in bill.visits if v.session_id is not None)
    claim = Claim(
        service_dates=tuple(v.day for v in bill.visits),
        payer=bill.plan.payer,
        billed=bill.total_charged,
        submitted=now,
        lines=tuple(
            ClaimLine(ln.code, ln.units, billed=ln.charge, modifiers=ln.modifiers)
            for ln in bill.lines
        ),
        history=(StatusChange("submitted", now, "superbill sent by you"),),
        session_ids=session_ids,
        filed_by="patient",
        note=f"Superbill for {bill.clinic.name}, {bill.start.isoformat()} to "
        f"{bill.end.isoformat()}",
    ).validate_for_entry(now)

    def op(tx: Transaction) -> Claim:
        _refuse_if_filed(tx.all(repo.claims), session_ids)
        return tx.add(repo.claims, claim)

    return repo.transaction(op)


def _refuse_if_filed(claims: Sequence[Claim], session_ids: Sequence[int]) -> None:
    wanted = set(session_ids)
    for other in claims:
        if other.filed_by == "patient" and wanted & set(other.session_ids):
            raise Refused(
                f"claim {other.id} (filed by you) already covers some of these visits: "
                f"see `floortrack claim show {other.id}`",
                "superbill",
            )


def check_recordable(repo: Repository, bill: Superbill) -> None:
    """Refuse, before anything is written, a claim `record_superbill_claim` would refuse."""
    _refuse_if_filed(repo.claims.all(), [v.session_id for v in bill.visits if v.session_id])
