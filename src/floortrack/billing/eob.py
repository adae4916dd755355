"""EOB arithmetic: does what the plan sent add up, and what does the patient still owe?

The identities (docs/BILLING.md, "Money on a claim"):
  billed - allowed = contractual adjustments (CO/PI) + amounts not covered
  allowed = plan paid + deductible + copay + coinsurance + other adjustments (OA, e.g. OA-23;
            and Medicare's sequestration CO-253, which is taken off the payment)
  patient owes = deductible + copay + coinsurance + other amounts assigned to the patient (PR)
  plan paid + patient owes <= billed

Only identities whose numbers are all known are checked: a missing figure is "not on the
EOB yet", never a mismatch. Every finding says, in plain words, the difference and what to ask.
PR-1/PR-2/PR-3 adjustments are the deductible/coinsurance/copay themselves
(docs/BILLING.md, "Money on a claim"), so they stand in for those fields when the fields
are blank and are never counted twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from floortrack.model import Adjustment, Claim, ClaimLine

ZERO = Decimal("0.00")
_PR_FIELDS = {"1": "deductible", "2": "coinsurance", "3": "copay"}
# CO adjustments taken off the payment, not off the bill: the allowed amount still includes
# them (sequestration, CO-253, is computed on what Medicare pays).
_FROM_PAYMENT = frozenset({"CO-253"})


def _contractual(adjustments: Iterable[Adjustment]) -> Decimal:
    return _sum(a for a in adjustments if a.group in ("CO", "PI") and a.carc not in _FROM_PAYMENT)


def _within_allowed(adjustments: Iterable[Adjustment]) -> Decimal:
    """Other adjustments between allowed and paid: OA (e.g. another payer) and _FROM_PAYMENT."""
    return _sum(a for a in adjustments if a.group == "OA" or a.carc in _FROM_PAYMENT)


def money(value: Decimal) -> str:
    return f"${value:,.2f}"


@dataclass(frozen=True)
class EobFinding:
    """Numbers on an EOB that do not add up."""

    check: str  # "billed_allowed", "allowed_split", "patient_owes", "over_billed", "lines", ...
    message: str  # what does not add up, in plain words
    difference: Decimal  # how far off (always positive)
    ask: str  # what to ask, and whom
    code: str = ""  # the procedure line, for a line-level finding


@dataclass(frozen=True)
class Breakdown:
    """A claim's EOB figures, completed from its adjustments where fields are blank."""

    billed: Decimal
    allowed: Decimal | None
    paid: Decimal | None
    deductible: Decimal | None
    copay: Decimal | None
    coinsurance: Decimal | None
    other_patient: Decimal  # PR adjustments other than deductible/coinsurance/copay
    contractual: Decimal  # CO + PI adjustments as listed
    other_adjustments: Decimal  # OA (e.g. OA-23, another payer's share) and sequestration
    not_covered: Decimal | None
    patient_owes: Decimal | None  # as the EOB states it

    @property
    def contractual_adjustment(self) -> Decimal | None:
        """billed - allowed: what the provider's contract takes off the bill."""
        return None if self.allowed is None else self.billed - self.allowed

    @property
    def shares(self) -> Decimal | None:
        """Deductible + copay + coinsurance, when any of them is known."""
        parts = [p for p in (self.deductible, self.copay, self.coinsurance) if p is not None]
        return sum(parts, ZERO) if parts else None

    @property
    def computed_patient(self) -> Decimal | None:
        """Patient responsibility from its parts (None if the EOB gave none of them)."""
        if self.shares is None and not self.other_patient:
            return None
        return (self.shares or ZERO) + self.other_patient

    @property
    def responsibility(self) -> Decimal | None:
        """What the patient owes for this claim: the EOB's figure, else the computed one."""
        return self.patient_owes if self.patient_owes is not None else self.computed_patient


def _sum(adjustments: Iterable[Adjustment]) -> Decimal:
    return sum((a.amount for a in adjustments), ZERO)


def breakdown(claim: Claim, adjustments: Iterable[Adjustment] | None = None) -> Breakdown:
    # One pass over the adjustments, adding in their order as the sums always did.
    pr_fields: dict[str, Decimal] = {}
    other_patient = contractual = within = ZERO
    for a in claim.adjustments if adjustments is None else adjustments:
        group = a.group
        if group == "PR":
            if a.reason in _PR_FIELDS:
                pr_fields[a.reason] = pr_fields.get(a.reason, ZERO) + a.amount
            else:
                other_patient += a.amount
        carc = a.carc
        if group in ("CO", "PI") and carc not in _FROM_PAYMENT:
            contractual += a.amount
        if group == "OA" or carc in _FROM_PAYMENT:
            within += a.amount
    fields: dict[str, Decimal | None] = {}
    for reason, name in _PR_FIELDS.items():
        value = getattr(claim, name)
        fields[name] = value if value is not None else pr_fields.get(reason)
    return Breakdown(
        billed=claim.billed,
        allowed=claim.allowed,
        paid=claim.paid,
        deductible=fields["deductible"],
        copay=fields["copay"],
        coinsurance=fields["coinsurance"],
        other_patient=other_patient,
        contractual=contractual,
        other_adjustments=within,
        not_covered=claim.not_covered,
        patient_owes=claim.patient_owes,
    )


def patient_responsibility(claim: Claim) -> Decimal | None:
    return breakdown(claim).responsibility


def balance(claim: Claim) -> Decimal | None:
    """What the patient still owes on this claim (negative: paid too much). None if unknown."""
    owed = patient_responsibility(claim)
    if owed is None:
        return None
    return owed - claim.patient_paid


@dataclass(frozen=True)
class Totals:
    owed: Decimal  # patient responsibility over claims where it is known
    paid: Decimal  # what the patient paid the clinic
    balance: Decimal  # sum of positive balances (credits are not netted against debts)
    credit: Decimal  # overpayments the patient may ask back
    unknown: int  # claims whose patient responsibility is not known yet


def totals(claims: Iterable[Claim]) -> Totals:
    owed = paid = due = credit = ZERO
    unknown = 0
    for claim in claims:
        paid += claim.patient_paid
        resp = patient_responsibility(claim)
        if resp is None:
            unknown += 1
            continue
        owed += resp
        left = resp - claim.patient_paid
        if left > 0:
            due += left
        else:
            credit -= left
    return Totals(owed, paid, due, credit, unknown)


# ---------------------------------------------------------------------------
# Identity checks


def _ask_payer(amount: Decimal) -> str:
    return (
        f"Call the insurer (the phone number is on the EOB) and ask what the {money(amount)} "
        "difference is; do not pay that part until they explain it."
    )


def _check_totals(b: Breakdown, where: str = "", code: str = "") -> list[EobFinding]:
    found: list[EobFinding] = []
    on = f" for {where}" if where else ""

    if b.allowed is not None and b.allowed > b.billed:
        diff = b.allowed - b.billed
        found.append(
            EobFinding(
                "allowed_over_billed",
                f"The allowed amount{on} ({money(b.allowed)}) is more than was billed "
                f"({money(b.billed)}), by {money(diff)}.",
                diff,
                "Check you typed billed and allowed the right way round; if you did, ask the "
                "insurer to confirm the allowed amount.",
                code,
            )
        )
    elif b.allowed is not None and (b.contractual or b.other_patient):
        gap = b.billed - b.allowed
        explained = b.contractual + b.other_patient
        # A not-covered figure may be listed as its own adjustment or only in the column:
        # either reading that balances is accepted.
        options = {explained}
        if b.not_covered is not None:
            options.add(explained + b.not_covered)
        if gap not in options:
            diff = min(abs(gap - o) for o in options)
            found.append(
                EobFinding(
                    "billed_allowed",
                    f"Billed minus allowed{on} is {money(gap)}, but the adjustments that explain "
                    f"it (contractual CO/PI and amounts not covered) add up to "
                    f"{money(min(options, key=lambda o: abs(gap - o)))}: {money(diff)} is "
                    "unexplained.",
                    diff,
                    _ask_payer(diff),
                    code,
                )
            )

    if b.allowed is not None and b.paid is not None:
        patient_in_allowed = b.shares
        candidates: set[Decimal] = set()
        if patient_in_allowed is not None:
            candidates.add(patient_in_allowed)
        elif b.patient_owes is not None:
            # "You owe" may include amounts outside the allowed amount (not covered, PR):
            candidates.add(b.patient_owes)
            candidates.add(b.patient_owes - b.other_patient)
            if b.not_covered is not None:
                candidates.add(b.patient_owes - b.not_covered)
        if candidates:  # without the patient's share, the split cannot be checked
            totals_ = {b.paid + c + b.other_adjustments for c in candidates}
            if b.allowed not in totals_:
                closest = min(totals_, key=lambda t: abs(b.allowed - t))  # type: ignore[operator]
                diff = abs(b.allowed - closest)
                share = closest - b.paid - b.other_adjustments
                what = (
                    "you owe"
                    if patient_in_allowed is None
                    else ("your deductible, copay and coinsurance")
                )
                found.append(
                    EobFinding(
                        "allowed_split",
                        f"The allowed amount{on} is {money(b.allowed)}, but plan paid "
                        f"({money(b.paid)}) plus {what} ({money(share)})"
                        + (
                            f" plus other adjustments ({money(b.other_adjustments)})"
                            if b.other_adjustments
                            else ""
                        )
                        + f" comes to {money(closest)}: {money(diff)} "
                        + ("is missing." if closest < b.allowed else "too much."),
                        diff,
                        _ask_payer(diff)
                        if closest < b.allowed
                        else f"Ask the insurer why you are asked for {money(diff)} more than the "
                        "allowed amount leaves; you should not owe more than allowed minus plan "
                        "paid.",
                        code,
                    )
                )

    if b.patient_owes is not None and b.computed_patient is not None:
        options = {b.computed_patient}
        if b.not_covered is not None and not b.other_patient:
            options.add(b.computed_patient + b.not_covered)
        if b.patient_owes not in options:
            closest = min(options, key=lambda o: abs(b.patient_owes - o))  # type: ignore[operator]
            diff = abs(b.patient_owes - closest)
            more = b.patient_owes > closest
            found.append(
                EobFinding(
                    "patient_owes",
                    f"The EOB says you owe {money(b.patient_owes)}{on}, but your deductible, "
                    f"copay, coinsurance and other patient amounts add up to {money(closest)}: "
                    f"{money(diff)} "
                    + ("more than its parts." if more else "less than its parts."),
                    diff,
                    (
                        f"Ask the insurer what the extra {money(diff)} is for before paying it."
                        if more
                        else f"Ask the insurer which figure is right; until then, pay no more than "
                        f"{money(b.patient_owes)}."
                    ),
                    code,
                )
            )

    if b.paid is not None:
        resp = b.responsibility or ZERO
        if b.paid + resp > b.billed:
            diff = b.paid + resp - b.billed
            found.append(
                EobFinding(
                    "over_billed",
                    f"Plan paid ({money(b.paid)}) plus what you owe ({money(resp)}){on} is "
                    f"{money(b.paid + resp)}, more than was billed ({money(b.billed)}).",
                    diff,
                    f"Ask the clinic's billing office why {money(diff)} more than the bill is "
                    "being collected; you may be owed a refund.",
                    code,
                )
            )
    return found


def _line_breakdown(line: ClaimLine, claim: Claim) -> Breakdown | None:
    if line.billed is None:
        return None
    adjs = [a for a in claim.adjustments if a.code == line.code]
    pr = [a for a in adjs if a.group == "PR"]
    shares = {
        name: (_sum(a for a in pr if a.reason == r) if any(a.reason == r for a in pr) else None)
        for r, name in _PR_FIELDS.items()
    }
    return Breakdown(
        billed=line.billed,
        allowed=line.allowed,
        paid=line.paid,
        deductible=shares["deductible"],
        copay=shares["copay"],
        coinsurance=shares["coinsurance"],
        other_patient=_sum(a for a in pr if a.reason not in _PR_FIELDS),
        contractual=_contractual(adjs),
        other_adjustments=_within_allowed(adjs),
        not_covered=None,
        patient_owes=None,
    )


def _check_line_sums(claim: Claim) -> list[EobFinding]:
    found: list[EobFinding] = []
    lines = claim.lines
    if not lines:
        return found
    for name, total in (("billed", claim.billed), ("allowed", claim.allowed), ("paid", claim.paid)):
        values = [getattr(ln, name) for ln in lines]
        if total is None or any(v is None for v in values):
            continue
        line_sum = sum(values, ZERO)
        if line_sum != total:
            diff = abs(line_sum - total)
            label = "plan paid" if name == "paid" else name
            found.append(
                EobFinding(
                    "lines",
                    f"The lines' {label} amounts add up to {money(line_sum)}, but the claim total "
                    f"says {money(total)}: {money(diff)} apart.",
                    diff,
                    f"Check the EOB's lines against its total; if the EOB itself differs, ask the "
                    f"insurer which {label} figure is right.",
                )
            )
    return found


def check_eob(claim: Claim, totals: Breakdown | None = None) -> list[EobFinding]:
    """Every way this claim's EOB numbers fail to add up (empty: fine or not enough known).

    `totals`: the claim's `breakdown`, when the caller has it already (it is not worked out
    twice)."""
    found = _check_totals(breakdown(claim) if totals is None else totals)
    found += _check_line_sums(claim)
    for line in claim.lines:
        if line.allowed is None and line.paid is None:
            continue  # every line identity needs the allowed or the paid amount
        b = _line_breakdown(line, claim)
        if b is not None:
            found += _check_totals(b, f"{line.code}", line.code)
    return found


# ---------------------------------------------------------------------------
# Naming each amount for what it is (docs/BILLING.md, "Money on a claim")


@dataclass(frozen=True)
class MoneyLine:
    label: str
    amount: Decimal
    note: str


def billed_vs_allowed(claim: Claim, denied: bool) -> MoneyLine | None:
    """The gap between billed and allowed, named for what it is on this claim.

    On a denied claim it is the denied amount (who owes it depends on the group code), not a
    contractual write-off; where allowed exceeds billed it is said so, never as a negative
    write-off; under PR-45 the patient may be billed for it (e.g. out of network)."""
    if claim.allowed is None:
        return None
    gap = claim.billed - claim.allowed
    if gap < 0:
        return MoneyLine(
            "Allowed above billed",
            -gap,
            "the plan allowed more than was billed: ask the insurer which figure is right",
        )
    if gap == 0:
        return None
    carcs = {a.carc for a in claim.adjustments} | set(claim.denial_codes)
    if denied or claim.allowed == 0:
        who = (
            "under PR you may be billed for it"
            if any(c.startswith("PR-") and c not in ("PR-1", "PR-2", "PR-3") for c in carcs)
            else "under CO the clinic may not bill you for it"
            if any(c.startswith("CO-") for c in carcs)
            else "the reason codes say who owes it"
        )
        return MoneyLine("Not allowed (denied)", gap, who)
    if "PR-45" in carcs:
        return MoneyLine(
            "Over the allowed amount", gap, "PR-45: you may be billed for it (e.g. out of network)"
        )
    if "CO-45" in carcs:
        return MoneyLine("Contractual write-off", gap, "CO-45: the clinic writes it off")
    return MoneyLine(
        "Billed above allowed", gap, "an in-network clinic usually writes this off (CO-45)"
    )
