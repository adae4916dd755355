"""Import the insurer's own claim data (FHIR ExplanationOfBenefit): `import_fhir`.

What a patient with two years of claims in their insurer's app expects (docs/IMPORT.md):

- Therapy claims come in; the rest of the history (pharmacy, hospital stays, other doctors)
  is skipped and counted with the reason. `include_all=True` also takes professional and
  outpatient claims without a therapy code.
- A claim is matched by payer + claim number. The same file imported again changes nothing;
  a newer version of a claim updates it and adds a history entry saying what changed; an
  older one is skipped.
- The EOB wins for what the EOB says (amounts, lines, service dates, reason codes, status):
  every value it replaces is listed in the summary, marked when the patient had typed it.
  What only the patient knows (notes, payments, appeals, denial codes with their group,
  adjustments, linked visits) is never touched.
- Claims are linked to the visits logged on their service dates (one date index, built once).
  A service date with no visit gets a new visit from the EOB (its codes, no minutes, a note
  saying so); a dry run lists those visits instead.
- The bill check (billing/audit.py) and the EOB arithmetic (billing/eob.py) run on every
  claim added or updated; what needs attention is listed in the summary.

Everything happens in ONE `repo.transaction`: all of the file or none of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from floortrack import clock
from floortrack.billing import catalogue, lifecycle
from floortrack.billing.audit import audit_claim
from floortrack.billing.eob import check_eob
from floortrack.billing.plans import rule_for_plan
from floortrack.billing.therapy import is_therapy_claim
from floortrack.model import Claim, Plan, Session, SessionLine, StatusChange
from floortrack.store import Repository
from floortrack.store.fhir import (
    NOT_THERAPY_TYPES,
    SKIP_REASONS,
    EobClaim,
    FhirBatch,
    Skipped,
    read_fhir,
    read_fhir_file,
)
from floortrack.store.repository import Transaction

# The claim fields an EOB speaks for (it wins there); every other field is the patient's.
EOB_FIELDS: tuple[str, ...] = (
    "service_dates",
    "billed",
    "allowed",
    "paid",
    "patient_owes",
    "deductible",
    "copay",
    "coinsurance",
    "not_covered",
    "lines",
    "reason_codes",
)
FROM_EOB = "from the insurer's EOB"
_EVALUATIONS = frozenset({"97161", "97162", "97163", "97165", "97166", "97167"})
_RE_EVALUATIONS = frozenset({"97164", "97168"})
_ATTENTION_SEVERITIES = ("problem", "check")


@dataclass(frozen=True)
class ClaimResult:
    outcome: str  # "added", "updated" or "unchanged"
    claim_number: str
    payer: str
    status: str
    service_dates: tuple[date, ...]
    claim_id: int | None  # None in a dry run for a claim not yet added
    changes: tuple[str, ...] = ()  # "paid $0.00 -> $37.50" (updated claims)


@dataclass(frozen=True)
class Difference:
    """A value in floortrack that the EOB replaces (or, in a dry run, would replace)."""

    claim_number: str
    claim_id: int | None
    field: str
    before: str
    after: str
    typed: bool  # the patient had typed it (the claim never came from an EOB before)


@dataclass(frozen=True)
class NewVisit:
    """A visit the EOB shows that the log lacks: created from the EOB (listed in a dry run)."""

    date: date
    clinic: str
    codes: tuple[str, ...]
    claim_number: str
    session_id: int | None


@dataclass(frozen=True)
class AttentionItem:
    claim_number: str
    claim_id: int | None
    severity: str  # "problem", "check" or "info"
    title: str
    ask: str


@dataclass
class ImportSummary:
    source: str
    dry_run: bool
    added: list[ClaimResult] = field(default_factory=list)
    updated: list[ClaimResult] = field(default_factory=list)
    unchanged: list[ClaimResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    new_visits: list[NewVisit] = field(default_factory=list)
    attention: list[AttentionItem] = field(default_factory=list)
    reason_codes: dict[str, str] = field(default_factory=dict)  # code -> explanation
    notes: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.updated or self.new_visits)

    def skipped_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for skip in self.skipped:
            counts[skip.reason] = counts.get(skip.reason, 0) + 1
        return counts

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "counts": {
                "added": len(self.added),
                "updated": len(self.updated),
                "unchanged": len(self.unchanged),
                "skipped": len(self.skipped),
                "new_visits": len(self.new_visits),
            },
            "summary": summary_line(self),
            "added": [_result_json(r) for r in self.added],
            "updated": [_result_json(r) for r in self.updated],
            "unchanged": [_result_json(r) for r in self.unchanged],
            "skipped": [
                {
                    "where": s.where,
                    "reason": s.reason,
                    "why": SKIP_REASONS.get(s.reason, s.reason),
                    "claim_number": s.claim_number,
                    "detail": s.detail,
                }
                for s in self.skipped
            ],
            "skipped_counts": self.skipped_counts(),
            "differences": [
                {
                    "claim_number": d.claim_number,
                    "claim_id": d.claim_id,
                    "field": d.field,
                    "before": d.before,
                    "after": d.after,
                    "typed_by_you": d.typed,
                }
                for d in self.differences
            ],
            "new_visits": [
                {
                    "date": v.date.isoformat(),
                    "clinic": v.clinic,
                    "codes": list(v.codes),
                    "claim_number": v.claim_number,
                    "session_id": v.session_id,
                }
                for v in self.new_visits
            ],
            "attention": [
                {
                    "claim_number": a.claim_number,
                    "claim_id": a.claim_id,
                    "severity": a.severity,
                    "title": a.title,
                    "ask": a.ask,
                }
                for a in self.attention
            ],
            "reason_codes": dict(sorted(self.reason_codes.items())),
            "notes": list(self.notes),
        }


def _result_json(result: ClaimResult) -> dict[str, Any]:
    return {
        "claim_number": result.claim_number,
        "payer": result.payer,
        "status": result.status,
        "service_dates": [d.isoformat() for d in result.service_dates],
        "claim_id": result.claim_id,
        "changes": list(result.changes),
    }


# ---------------------------------------------------------------------------
# Wording shared by the command line and the app


def summary_line(summary: ImportSummary) -> str:
    """ "2 added, 1 updated, 0 unchanged, 7 skipped (...)" with the reasons for the skips."""
    counts = (
        f"{len(summary.added)} added, {len(summary.updated)} updated, "
        f"{len(summary.unchanged)} unchanged, {len(summary.skipped)} skipped"
    )
    why = skip_reasons_text(summary)
    return f"{counts} ({why})" if why else counts


def summary_sections(summary: ImportSummary) -> list[tuple[str, list[str]]]:
    """The summary's details as (heading, lines), for the command line and the app alike."""
    dry = summary.dry_run
    sections: list[tuple[str, list[str]]] = [
        (
            "Updated from a newer EOB:" if not dry else "A newer EOB would update:",
            [f"claim {c.claim_number}: {'; '.join(c.changes)}" for c in summary.updated],
        ),
        (
            "Values you had typed that the EOB replaced:"
            if not dry
            else "Values you had typed that the EOB would replace:",
            [
                f"claim {d.claim_number}: {d.field.replace('_', ' ')} {d.before} -> {d.after}"
                for d in summary.differences
                if d.typed
            ],
        ),
        (
            "New visits from the EOB (codes without minutes):"
            if not dry
            else "Visits the EOB shows that your log lacks (the import adds them):",
            [
                f"{v.date.isoformat()}  {v.clinic}  {' '.join(v.codes)}  (claim {v.claim_number})"
                for v in summary.new_visits
            ],
        ),
        (
            "Needs attention:",
            [
                f"claim {a.claim_number}: {a.title.rstrip('.')}. {a.ask}"
                for a in summary.attention
                if a.severity != "info"
            ],
        ),
        ("Reason codes on these EOBs:", list(summary.reason_codes.values())),
        (
            "Notes:",
            [
                *(
                    f"claim {a.claim_number}: {a.title}"
                    for a in summary.attention
                    if a.severity == "info"
                ),
                *summary.notes,
            ],
        ),
    ]
    return [(heading, lines) for heading, lines in sections if lines]


def skip_reasons_text(summary: ImportSummary) -> str:
    counts = summary.skipped_counts()
    parts: list[str] = []
    not_therapy = [r for r in counts if r in NOT_THERAPY_TYPES]
    if not_therapy:
        n = sum(counts[r] for r in not_therapy)
        kinds = _join([SKIP_REASONS[r] for r in not_therapy])
        claims = "claim" if n == 1 else "claims"
        parts.append(f"{n} {kinds} {claims}: not therapy visits")
    for reason, n in counts.items():
        if reason in NOT_THERAPY_TYPES:
            continue
        claims = "claim" if n == 1 else "claims"
        words = SKIP_REASONS.get(reason, reason)
        if reason == "not_therapy":
            parts.append(f"{n} other medical {claims} {words}")
        elif reason == "older":
            parts.append(f"{n} {claims} {words}")
        else:
            parts.append(f"{n} {claims} {words}")
    return "; ".join(parts)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _money(value: Decimal | None) -> str:
    return "(blank)" if value is None else f"${value:,.2f}"


def _worded(name: str, value: Any) -> str:
    if name == "lines":
        return ";".join(str(line) for line in value) or "(none)"
    if name == "service_dates":
        return ", ".join(d.isoformat() for d in value)
    if name == "reason_codes":
        return " ".join(value) or "(none)"
    if name == "status":
        return str(value).replace("_", " ")
    if isinstance(value, Decimal) or value is None:
        return _money(value)
    return str(value)


def _change_text(name: str, before: Any, after: Any) -> str:
    """ "paid $0.00 -> $36.00"; for lines whose codes are unchanged, the amounts that moved."""
    if name == "lines" and _worded(name, before) == _worded(name, after):
        moved = []
        for old, new in zip(before, after, strict=True):
            for money in ("billed", "allowed", "paid"):
                was, now = getattr(old, money), getattr(new, money)
                if was != now:
                    moved.append(f"{new.coded} {money} {_money(was)} -> {_money(now)}")
        return "line amounts: " + ", ".join(moved)
    return f"{name.replace('_', ' ')} {_worded(name, before)} -> {_worded(name, after)}"


def _blank(value: Any) -> bool:
    return value is None or value == () or value == ""


# ---------------------------------------------------------------------------
# The action


def import_fhir(
    repo: Repository,
    path_or_bytes: Path | str | bytes,
    *,
    dry_run: bool = False,
    today: date | None = None,
    include_all: bool = False,
    create_visits: bool = True,
) -> ImportSummary:
    """Import a FHIR ExplanationOfBenefit file (one resource, a Bundle or NDJSON).

    Raises `FhirError` (a ValidationError naming the resource and field) before anything is
    written when the file cannot be read. With `dry_run`, nothing is written and the summary
    says what would happen (new visits are listed, not created)."""
    today = today or clock.today()
    if isinstance(path_or_bytes, bytes):
        batch = read_fhir(path_or_bytes, today)
        source = "the file"
    else:
        batch = read_fhir_file(Path(path_or_bytes), today)
        source = str(path_or_bytes)
    summary = ImportSummary(source, dry_run, skipped=list(batch.skipped))
    if batch.other_resources:
        others = ", ".join(f"{n} {kind}" for kind, n in sorted(batch.other_resources.items()))
        summary.notes.append(f"Other resources in the file were passed over: {others}.")

    def work(tx: Transaction | None) -> ImportSummary:
        _Importer(repo, tx, batch, summary, today, include_all, create_visits).run(batch)
        return summary

    if dry_run:
        repo.reload_if_changed()  # preview against the file as it is now
        return work(None)
    if not batch.claims:
        return work(None)  # nothing to write: no lock, no backup

    backup_day = repo._backup_day

    def in_transaction(tx: Transaction) -> ImportSummary:
        result = work(tx)
        # A bulk change can be undone from backups/ (docs/IMPORT.md, "Backups"): keep the
        # file as it was (nothing is on disk yet; the transaction saves after this returns),
        # unless the day's first-save backup was made by this very write: that is this copy.
        if tx.changed and repo._backup_day == backup_day:
            repo._backup_before("fhir-import")
        return result

    return repo.transaction(in_transaction)


def _payer_key(payer: str) -> str:
    return re.sub(r"[^a-z0-9]", "", payer.casefold())


class _Importer:
    def __init__(
        self,
        repo: Repository,
        tx: Transaction | None,
        batch: FhirBatch,
        summary: ImportSummary,
        today: date,
        include_all: bool,
        create_visits: bool,
    ) -> None:
        self.repo = repo
        self.tx = tx
        self.summary = summary
        self.today = today
        self.include_all = include_all
        self.create_visits = create_visits
        # Only the records this file can touch are built: the claims with its claim numbers,
        # the visits on its service dates (a date index), and the visits those claims link.
        numbers = {e.claim.claim_number for e in batch.claims}
        days = {d.isoformat() for e in batch.claims for d in e.claim.service_dates}
        if tx is not None:
            claims = tx.where(repo.claims, "claim_number", numbers)
            sessions = tx.where(repo.sessions, "date", days)
            plans = tx.all(repo.plans)
        else:
            claims = repo.claims.where("claim_number", numbers)
            sessions = repo.sessions.where("date", days)
            plans = repo.plans.all()
        have = {s.id for s in sessions}
        for linked in sorted({i for c in claims for i in c.session_ids} - have):
            if tx is not None and tx.exists(repo.sessions, linked):
                sessions.append(tx.get(repo.sessions, linked))
            elif tx is None and repo.sessions.exists(linked):
                sessions.append(repo.sessions.get(linked))
        self.plans: dict[str, Plan] = {_payer_key(p.payer): p for p in plans}
        self.by_number: dict[str, list[Claim]] = {}
        for claim in claims:
            if claim.claim_number:
                self.by_number.setdefault(claim.claim_number, []).append(claim)
        self.by_date: dict[date, list[Session]] = {}
        self.by_id: dict[int, Session] = {}
        for session in sessions:
            self.by_date.setdefault(session.date, []).append(session)
            if session.id is not None:
                self.by_id[session.id] = session
        self._pending_id = -1  # dry run: visits "created" get negative ids, never shown
        self.made_ids: set[int] = set()  # visits made from the EOB in this import

    # -- lookups ---------------------------------------------------------------------------
    def _match(self, eob: Claim) -> Claim | None:
        candidates = self.by_number.get(eob.claim_number, [])
        key = _payer_key(eob.payer)
        for claim in candidates:
            if _payer_key(claim.payer) == key:
                return claim
        for claim in candidates:  # "Medicare" vs "Medicare Part B": the same insurer
            other = _payer_key(claim.payer)
            if other and key and (other in key or key in other):
                return claim
        return None

    def _remember(self, old: Claim | None, new: Claim) -> None:
        group = self.by_number.setdefault(new.claim_number, [])
        if old is not None and old in group:
            group.remove(old)
        group.append(new)

    # -- the run ---------------------------------------------------------------------------
    def run(self, batch: FhirBatch) -> None:
        # Several versions of one claim in a file: the oldest first, so the newest stays.
        ordered = sorted(batch.claims, key=lambda e: e.updated)
        for eob in ordered:
            if not self.include_all and not is_therapy_claim(eob.claim.lines):
                self.summary.skipped.append(
                    Skipped(eob.where, "not_therapy", eob.claim.claim_number)
                )
                continue
            existing = self._match(eob.claim)
            if existing is None:
                self._add(eob)
            else:
                self._update(existing, eob)
        if any(s.reason == "not_therapy" for s in self.summary.skipped):
            self.summary.notes.append(
                "Claims without a therapy code (such as 97110) or a therapy modifier "
                "(GP, GO, GN) were left out; import them too with --all."
            )

    def _status_day(self, eob: EobClaim, after: date | None = None) -> date:
        day = eob.status_on or self.today
        floor = eob.claim.first_service if after is None else max(after, eob.claim.first_service)
        return min(max(day, floor), max(self.today, floor))

    def _add(self, eob: EobClaim) -> None:
        mapped = eob.claim
        is_therapy = is_therapy_claim(mapped.lines)
        session_ids = self._link(eob, make_visits=is_therapy)
        note = f"Imported {FROM_EOB} (FHIR): {_status_words(mapped)}"
        claim = replace(
            mapped,
            history=(StatusChange(mapped.status, self._status_day(eob), note),),
            session_ids=session_ids,
            eob_version=eob.version,
        )
        if self.tx is not None:
            claim = self.tx.add(self.repo.claims, claim)
        self._remember(None, claim)
        self.summary.added.append(_result("added", claim))
        self._check(claim, eob)

    def _update(self, current: Claim, eob: EobClaim) -> None:
        mapped = eob.claim
        parts = current.eob_version.split()
        old_digest = parts[-1] if parts else ""
        old_updated = parts[0] if len(parts) == 2 else ""
        if current.eob_version and old_digest == eob.digest:
            self.summary.unchanged.append(_result("unchanged", current))
            return
        if old_updated and eob.updated and eob.updated < old_updated:
            self.summary.skipped.append(
                Skipped(eob.where, "older", mapped.claim_number, f"claim {current.id}")
            )
            return
        typed = not current.eob_version
        changes: dict[str, Any] = {}
        worded: list[str] = []
        for name in EOB_FIELDS:
            before, after = getattr(current, name), getattr(mapped, name)
            if before == after:
                continue
            changes[name] = after
            worded.append(_change_text(name, before, after))
            if not _blank(before):
                self.summary.differences.append(
                    Difference(
                        mapped.claim_number,
                        current.id,
                        name,
                        _worded(name, before),
                        _worded(name, after),
                        typed,
                    )
                )
        status_before = lifecycle.current_status(current)
        if status_before != mapped.status:
            worded.insert(
                0,
                f"status {_worded('status', status_before)} -> {_worded('status', mapped.status)}",
            )
            if typed:
                self.summary.differences.append(
                    Difference(
                        mapped.claim_number,
                        current.id,
                        "status",
                        _worded("status", status_before),
                        _worded("status", mapped.status),
                        typed,
                    )
                )
        linked = current.session_ids
        if not linked:
            linked = self._link(eob, make_visits=is_therapy_claim(mapped.lines))
        if not worded:
            # The EOB says what floortrack already holds: remember its version, quietly.
            claim = replace(current, eob_version=eob.version, session_ids=linked)
            if self.tx is not None and claim != current:
                self.tx.put(self.repo.claims, claim)
            self._remember(current, claim)
            self.summary.unchanged.append(_result("unchanged", claim))
            return
        last = current.history[-1].on if current.history else None
        entry = StatusChange(
            mapped.status,
            self._status_day(eob, after=last),
            f"Updated {FROM_EOB} (FHIR): " + "; ".join(worded),
        )
        claim = replace(
            current,
            **changes,
            status=mapped.status,
            history=(*current.history, entry),
            session_ids=linked,
            eob_version=eob.version,
        )
        if self.tx is not None:
            claim = self.tx.put(self.repo.claims, claim)
        self._remember(current, claim)
        self.summary.updated.append(_result("updated", claim, tuple(worded)))
        self._check(claim, eob)

    # -- visits ----------------------------------------------------------------------------
    def _link(self, eob: EobClaim, make_visits: bool) -> tuple[int, ...]:
        ids: list[int] = []
        for day in eob.claim.service_dates:
            found = [s.id for s in self.by_date.get(day, ()) if s.id is not None]
            if found:
                ids += sorted(found)
                continue
            if not (make_visits and self.create_visits):
                continue
            codes = tuple(
                dict.fromkeys(
                    line.code
                    for line, line_day in zip(eob.claim.lines, eob.line_dates, strict=True)
                    if line_day == day
                )
            )
            session = Session(
                date=day,
                provider=eob.clinic,
                visit_type=_visit_type(codes),
                lines=tuple(SessionLine(code) for code in codes),
                note=(
                    f"Visit {FROM_EOB} (claim {eob.claim.claim_number}): the codes billed "
                    "that day, without minutes. Add each code's minutes to check the units."
                ),
            )
            session_id: int | None = None
            if self.tx is not None:
                session = self.tx.add(self.repo.sessions, session)
                session_id = session.id
            else:
                session = replace(session, id=self._pending_id)
                self._pending_id -= 1
            self.by_date.setdefault(day, []).append(session)
            if session.id is not None:
                self.by_id[session.id] = session
                self.made_ids.add(session.id)
            self.summary.new_visits.append(
                NewVisit(day, eob.clinic, codes, eob.claim.claim_number, session_id)
            )
            if session_id is not None:
                ids.append(session_id)
        return tuple(ids)

    # -- the bill check --------------------------------------------------------------------
    def _check(self, claim: Claim, eob: EobClaim) -> None:
        number, claim_id = claim.claim_number, claim.id
        sessions = [self.by_id[i] for i in claim.session_ids if i in self.by_id]
        if self.tx is None:  # a dry run: with the visits it would create
            sessions += [
                s
                for d in claim.service_dates
                for s in self.by_date.get(d, ())
                if s.id in self.made_ids and s not in sessions
            ]
        plan = self.plans.get(_payer_key(claim.payer))
        rule = rule_for_plan(plan, claim.payer)
        add = self.summary.attention.append
        status = lifecycle.current_status(claim)
        if status in ("denied", "partially_paid"):
            codes = " ".join(claim.reason_codes) or "none given"
            add(
                AttentionItem(
                    number,
                    claim_id,
                    "problem",
                    f"{_worded('status', status).capitalize()} (reason codes: {codes})",
                    "Read what the codes mean; if the denial looks wrong, ask the clinic "
                    "about a corrected claim or appeal it.",
                )
            )
        made = {s.date for s in sessions if s.id in self.made_ids}
        for finding in audit_claim(claim, sessions, plans=[plan] if plan else [], rule=rule):
            if finding.service_date in made and "without minutes" in finding.title:
                continue  # said once below for the visit made from the EOB
            if finding.severity in _ATTENTION_SEVERITIES:
                add(AttentionItem(number, claim_id, finding.severity, finding.title, finding.ask))
        for day in sorted(made):
            add(
                AttentionItem(
                    number,
                    claim_id,
                    "check",
                    f"The visit of {day.isoformat()} comes from the EOB, without minutes",
                    "Add each code's minutes to that visit (from your notes or the clinic's "
                    "treatment note) so the billed units can be checked.",
                )
            )
        for eob_finding in check_eob(claim):
            add(AttentionItem(number, claim_id, "check", eob_finding.message, eob_finding.ask))
        for remark in eob.remarks:
            add(
                AttentionItem(
                    number,
                    claim_id,
                    "info",
                    remark[:1].upper() + remark[1:],
                    "Check the EOB on paper or in the insurer's app if it matters.",
                )
            )
        for code in claim.reason_codes:
            self.summary.reason_codes.setdefault(code, explain_reason(code))
        if eob.payer_reasons:
            self.summary.notes.append(
                f"Claim {number}: the insurer's own reason codes "
                f"{', '.join(eob.payer_reasons)} are not standard reason codes; not kept."
            )


def explain_reason(code: str) -> str:
    """A reason code from an EOB, explained, and said to have no group code."""
    entry = catalogue.lookup(code)
    if entry is not None and entry.kind == "rarc":
        return f"Remark {code}: {entry.title}."
    meaning = (
        f"{entry.title}"
        if entry is not None and entry.kind == "carc"
        else ("not in floortrack's catalogue")
    )
    return (
        f"Reason {code}: {meaning}. The EOB gives no group code (CO, PR or OA), so it does not "
        "say whether the clinic must write the amount off (CO) or you may owe it (PR); the "
        "paper EOB or the clinic's remittance shows the group."
    )


def _status_words(claim: Claim) -> str:
    status = claim.status.replace("_", " ")
    if claim.paid is None:
        return status
    return f"{status}, plan paid {_money(claim.paid)} of {_money(claim.billed)} billed"


def _visit_type(codes: Iterable[str]) -> str:
    wanted = set(codes)
    if wanted & _EVALUATIONS:
        return "evaluation"
    if wanted & _RE_EVALUATIONS:
        return "re-evaluation"
    return "treatment"


def _result(outcome: str, claim: Claim, changes: tuple[str, ...] = ()) -> ClaimResult:
    return ClaimResult(
        outcome,
        claim.claim_number,
        claim.payer,
        lifecycle.current_status(claim),
        claim.service_dates,
        claim.id,
        changes,
    )
