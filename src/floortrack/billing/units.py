"""How many 15-minute units a day's minutes allow: the CMS 8-minute rule and the per-code rule.

CMS method (Medicare Claims Processing Manual ch. 5 §20.2; docs/BILLING.md, "The CMS
8-minute rule"): the day's *total* timed minutes set the number of timed units (chart:
8-22 = 1, 23-37 = 2, ...), then the units are shared out: each code first gets one unit
per full 15 minutes, and the units left go one each to the codes with the most leftover
minutes (a procedure that reproduces every worked example in the manual). Where leftover
minutes are equal, CMS leaves the choice to the clinician: the result flags that tie instead
of pretending only one answer is right.

Per-code method ("Rule of 8s", docs/BILLING.md, "The per-code rule"): each code on its own,
one unit once its own minutes pass the 7.5-minute midpoint of each 15; no pooling of
leftovers between codes.

Untimed codes always count 1 unit; their minutes never join the timed total.

Pelvic-floor biofeedback (docs/BILLING.md, "Biofeedback units") is counted on its own: the
minutes of 90912 and 90913 are added, 90912 takes the first unit (once a day) and 90913 each
further unit, by the CPT time rule (8-22 min = 90912; 23-37 = 90912 + 90913; ...).

A code the catalogue does not know counts as a 15-minute therapy code only when it is in the
physical-medicine range 97010-97799; any other code (an office visit such as 99213) counts
1 unit and its minutes never join the therapy total (docs/BILLING.md, "Untimed codes").

Entry point: `calculate_units(lines, method="cms") -> UnitResult`. Pure and fast (the TUI calls
it on every keystroke of the session form).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from floortrack.model import SessionLine, ValidationError

METHODS: tuple[str, ...] = ("cms", "per-code")
UNIT_MINUTES = 15
BIOFEEDBACK_FIRST = "90912"  # first 15 minutes, at most once a day
BIOFEEDBACK_ADDON = "90913"  # each additional 15 minutes; never billed without 90912
BIOFEEDBACK: frozenset[str] = frozenset({BIOFEEDBACK_FIRST, BIOFEEDBACK_ADDON})

# Lines may be SessionLine objects, "CODE:MINUTES" strings, or (code, minutes) pairs.
LineInput = SessionLine | str | tuple[str, int | None]


def units_for_minutes(minutes: int) -> int:
    """Units the CMS chart gives for `minutes` of timed service (8-22 -> 1, 23-37 -> 2, ...).

    The same arithmetic is the per-code midpoint rule applied to one code."""
    if minutes < 8:
        return 0
    return (minutes + 7) // UNIT_MINUTES


def chart_range(units: int) -> tuple[int, int]:
    """The minutes range the chart maps to `units` (>= 1): 1 -> (8, 22), 3 -> (38, 52)."""
    return (UNIT_MINUTES * units - 7, UNIT_MINUTES * units + 7)


@dataclass(frozen=True)
class Tie:
    """Codes whose leftover minutes are equal where CMS's allocation has to choose.

    `extra_units` of the codes in `codes` get one more unit; the clinician chooses which, and
    any such choice is correct. `chosen` says which ones this result gave them to."""

    codes: tuple[str, ...]
    extra_units: int
    leftover_minutes: int
    chosen: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "codes": list(self.codes),
            "extra_units": self.extra_units,
            "leftover_minutes": self.leftover_minutes,
            "chosen": list(self.chosen),
        }


@dataclass(frozen=True)
class UnitResult:
    """The units one day's codes and minutes allow.

    `units` lists every code given (in the order first given), timed or not: untimed codes
    count 1, a timed code with no minutes counts 0. `notes` explain the result in words."""

    method: str
    total_timed_minutes: int
    total_units: int
    units: dict[str, int]
    notes: tuple[str, ...] = ()
    ties: tuple[Tie, ...] = ()
    minutes: dict[str, int | None] = field(default_factory=dict)  # merged minutes per code
    timed: dict[str, bool] = field(default_factory=dict)  # how each code was treated

    @property
    def timed_units(self) -> int:
        return sum(n for code, n in self.units.items() if self.timed.get(code))

    def min_units(self, code: str) -> int:
        """The fewest units `code` has in *some* correct allocation (a tied code that got the
        spare unit here may give it to another tied code)."""
        units = self.units.get(code, 0)
        for tie in self.ties:
            if code in tie.chosen and len(tie.codes) > len(tie.chosen):
                return units - 1
        return units

    def max_units(self, code: str) -> int:
        """The most units `code` may have in *some* correct allocation (a tied code may take
        the unit this result gave to another tied code)."""
        units = self.units.get(code, 0)
        for tie in self.ties:
            if code in tie.codes and code not in tie.chosen:
                return units + 1
        return units

    def to_json(self) -> dict[str, object]:
        """The `units --json` shape the README documents, plus "ties" and "minutes"."""
        return {
            "method": self.method,
            "total_timed_minutes": self.total_timed_minutes,
            "total_units": self.total_units,  # every code's units, untimed ones included
            "timed_units": self.timed_units,
            "units": dict(self.units),
            "notes": list(self.notes),
            "ties": [t.to_json() for t in self.ties],
            "minutes": dict(self.minutes),
        }


def _to_line(item: LineInput) -> SessionLine:
    if isinstance(item, SessionLine):
        return item
    if isinstance(item, str):
        return SessionLine.parse(item)
    code, minutes = item
    return SessionLine(code, minutes)


@lru_cache(maxsize=1024)  # the catalogue never changes while running; audits call this a lot
def _default_is_timed(code: str) -> bool | None:
    # Imported here, not at module top: keeps `import units` free of catalogue loading.
    from floortrack.billing.catalogue import is_timed

    return is_timed(code)


def _therapy_range(code: str) -> bool:
    """Physical-medicine procedure codes (97010-97799), the family billed in 15-minute units."""
    return code.isdigit() and 97010 <= int(code) <= 97799


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def calculate_units(
    lines: Iterable[LineInput],
    method: str = "cms",
    is_timed: Callable[[str], bool | None] | None = None,
) -> UnitResult:
    """Units for one day of service under `method` ("cms" or "per-code").

    Repeated codes are merged (their minutes added). A code the catalogue does not know is
    treated as timed when minutes are given (with a note), as untimed otherwise.
    Raises ValidationError for an unknown method or a malformed line.
    """
    if method not in METHODS:
        raise ValidationError(
            f"unit method must be one of {', '.join(METHODS)} (got '{method}')", "method"
        )
    timed_of = is_timed or _default_is_timed
    notes: list[str] = []

    # Merge repeats, keeping first-given order.
    minutes: dict[str, int | None] = {}
    seen_count: dict[str, int] = {}
    for item in lines:
        line = _to_line(item)
        seen_count[line.code] = seen_count.get(line.code, 0) + 1
        if line.code not in minutes:
            minutes[line.code] = line.minutes
        elif line.minutes is not None:
            minutes[line.code] = (minutes[line.code] or 0) + line.minutes

    timed: dict[str, bool] = {}
    for code, mins in minutes.items():
        known = timed_of(code)
        if known is None:
            timed[code] = mins is not None and _therapy_range(code)
            if timed[code]:
                why = "a timed code because minutes were given for a therapy procedure code."
            elif mins is not None:
                why = (
                    "1 unit, like an untimed code: it is not a 15-minute therapy code, so its "
                    "minutes do not count toward the therapy units."
                )
            else:
                why = "an untimed code (1 unit) because no minutes were given."
            notes.append(f"{code} is not in floortrack's catalogue: treated as {why}")
        else:
            timed[code] = known

    units: dict[str, int] = {}
    for code, mins in minutes.items():
        if timed[code]:
            if mins is None:
                units[code] = 0
                notes.append(
                    f"{code} is a timed code but no minutes were logged for it, so it earns no "
                    "units here. Add its minutes to check the bill."
                )
            continue
        units[code] = 1
        if mins is not None:
            notes.append(
                f"{code} is untimed: it counts 1 unit however long it took; its {mins} minutes "
                "do not count toward the timed total."
            )
        else:
            notes.append(f"{code} is untimed: it counts 1 unit.")
        if seen_count[code] > 1:
            notes.append(
                f"{code} was given {seen_count[code]} times; an untimed code still "
                "counts once per day."
            )

    timed_minutes = {c: m for c, m in minutes.items() if timed[c] and m is not None}
    for code in timed_minutes:
        if seen_count[code] > 1:
            notes.append(
                f"{code} was given {seen_count[code]} times: its minutes were added "
                f"together ({timed_minutes[code]} min), as one line for the day."
            )
    total = sum(timed_minutes.values())
    biofeedback = {c: m for c, m in timed_minutes.items() if c in BIOFEEDBACK}
    pooled = {c: m for c, m in timed_minutes.items() if c not in BIOFEEDBACK}
    ties: tuple[Tie, ...] = ()
    if method == "cms":
        allocation, cms_notes, ties = _allocate_cms(pooled)
        notes[:0] = cms_notes  # the headline explanation comes first
    else:
        allocation, pc_notes = _allocate_per_code(pooled)
        notes[:0] = pc_notes
    units.update(allocation)
    order = list(minutes)
    if biofeedback or any(c in BIOFEEDBACK for c in minutes):
        bf_units, bf_notes = _allocate_biofeedback(biofeedback, set(minutes))
        units.update(bf_units)
        notes += bf_notes
        order += [c for c in bf_units if c not in order]
        for code in bf_units:
            timed.setdefault(code, True)  # not logged, so not in `minutes`
    units = {code: units[code] for code in order}  # first-given order
    return UnitResult(
        method=method,
        total_timed_minutes=total,
        total_units=sum(units.values()),
        units=units,
        notes=tuple(notes),
        ties=ties,
        minutes=dict(minutes),
        timed=timed,
    )


def _allocate_biofeedback(
    mins: dict[str, int], given: set[str]
) -> tuple[dict[str, int], list[str]]:
    """docs/BILLING.md, "Biofeedback units": the day's 90912 + 90913 minutes together, 90912
    for the first unit (once a day), 90913 for each further unit, by the CPT time rule."""
    total = sum(mins.values())
    allowed = units_for_minutes(total)
    first = min(allowed, 1)
    extra = max(allowed - 1, 0)
    out = {BIOFEEDBACK_FIRST: first, BIOFEEDBACK_ADDON: extra}
    if BIOFEEDBACK_ADDON not in given and not extra:
        del out[BIOFEEDBACK_ADDON]
    notes: list[str] = []
    if total == 0 and not mins:
        pass  # biofeedback codes given without minutes: the timed-code note already says so
    elif allowed == 0:
        notes.append(
            f"Biofeedback: {total} minutes in all, under the 8 minutes that earn the first "
            "unit of 90912."
        )
    else:
        low, high = chart_range(allowed)
        split = "90912 x1" + (f" + 90913 x{extra}" if extra else "")
        notes.append(
            f"Biofeedback: {total} minutes of 90912/90913 in all ({low}-{high} minutes) = "
            f"{split}. 90912 is the first 15 minutes and is billed at most once a day; each "
            "further 15 minutes is 90913. Biofeedback minutes are counted on their own, not "
            "pooled with the other therapy codes."
        )
    if BIOFEEDBACK_ADDON in given and BIOFEEDBACK_FIRST not in given:
        notes.append(
            "90913 is an add-on to 90912: it is never billable without 90912, so the first "
            "15 minutes of biofeedback are 90912."
        )
    return out, notes


def _allocate_cms(mins: dict[str, int]) -> tuple[dict[str, int], list[str], tuple[Tie, ...]]:
    """docs/BILLING.md, "The CMS 8-minute rule": total sets the count, full 15s first,
    leftovers by size."""
    notes: list[str] = []
    total = sum(mins.values())
    if not mins:
        return {}, notes, ()
    allowed = units_for_minutes(total)
    if allowed == 0:
        notes.append(
            f"{total} timed minutes = 0 units: under the CMS 8-minute rule a day's timed "
            "services need at least 8 minutes in total to bill one unit."
        )
        return {c: 0 for c in mins}, notes, ()
    low, high = chart_range(allowed)
    notes.append(
        f"{total} timed minutes = {_plural(allowed, 'unit')} "
        f"(the CMS chart gives {allowed} for {low}-{high} minutes)."
    )
    full = {c: m // UNIT_MINUTES for c, m in mins.items()}
    left = {c: m % UNIT_MINUTES for c, m in mins.items()}
    remaining = allowed - sum(full.values())
    # Rank by leftover minutes, largest first; equal leftovers keep the order given.
    order = sorted(mins, key=lambda c: -left[c])
    picked = [c for c in order if left[c] > 0][:remaining]
    units = {c: full[c] + (1 if c in picked else 0) for c in mins}

    ties: list[Tie] = []
    if picked:
        cutoff = left[picked[-1]]
        tied = tuple(c for c in mins if left[c] == cutoff)
        chosen = tuple(c for c in tied if c in picked)
        if len(tied) > len(chosen):
            ties.append(Tie(tied, len(chosen), cutoff, chosen))

    if remaining and len(mins) > 1:
        notes.append(
            f"Full 15-minute blocks give {_plural(allowed - remaining, 'unit')}; the "
            f"{_plural(remaining, 'unit')} left {'goes' if remaining == 1 else 'go'} to the "
            f"{'code' if remaining == 1 else 'codes'} with the most minutes left over."
        )
    lowest = picked[-1] if picked else None  # the smallest leftover that still earned a unit
    for code, m in mins.items():
        blocks = _plural(full[code], "full 15-minute unit")
        is_tied = any(code in t.codes and code not in t.chosen for t in ties)
        if full[code] and units[code] > full[code]:
            why = f"{m} minutes is {blocks}, plus 1 for its {left[code]} minutes left over"
        elif units[code]:
            why = (
                f"{m} minutes is {blocks}"
                if full[code]
                else (f"its {m} minutes are among the most left over")
            )
            if full[code] and left[code] and is_tied:
                why += f"; its {left[code]} minutes left over tie for a spare unit (see below)"
            elif full[code] and left[code] and lowest is not None:
                why += (
                    f"; its {left[code]} minutes left over are fewer than the "
                    f"{left[lowest]} left on {lowest}, which gets the spare unit"
                )
            elif full[code] and left[code]:
                why += f"; its {left[code]} minutes left over earn nothing more"
        elif is_tied:
            why = f"its {m} minutes tie with other codes for the spare unit (see below)"
        else:
            why = (
                f"the {total} minutes allow only {_plural(allowed, 'unit')}, and other codes "
                f"had more minutes left over; its {m} minutes still count toward the total"
            )
        notes.append(f"{code} gets {units[code]}: {why}.")
    for tie in ties:
        names = ", ".join(tie.codes[:-1]) + " and " + tie.codes[-1]
        notes.append(
            f"Tie: {names} have the same {tie.leftover_minutes} minutes left over, and "
            f"{_plural(tie.extra_units, 'unit')} must go to "
            f"{'one' if tie.extra_units == 1 else tie.extra_units} of them. CMS leaves the "
            f"choice to the clinician: any of them is correct (shown here: "
            f"{', '.join(tie.chosen)})."
        )
    return units, notes, tuple(ties)


def _allocate_per_code(mins: dict[str, int]) -> tuple[dict[str, int], list[str]]:
    """docs/BILLING.md, "The per-code rule": each code alone; a unit once its minutes pass
    the midpoint (8+)."""
    notes: list[str] = []
    if not mins:
        return {}, notes
    units = {c: units_for_minutes(m) for c, m in mins.items()}
    total = sum(mins.values())
    total_units = sum(units.values())
    notes.append(
        f"Per-code method: each timed code is counted on its own ({total} timed minutes in "
        f"all, {_plural(total_units, 'timed unit')}); minutes left over are not pooled "
        "between codes."
    )
    for code, m in mins.items():
        if units[code]:
            low, high = chart_range(units[code])
            notes.append(f"{code} gets {units[code]} ({m} minutes is in {low}-{high}).")
        else:
            notes.append(f"{code} gets 0 ({m} minutes is under 8, the least that earns a unit).")
    cms_units = units_for_minutes(total)
    if cms_units != total_units:
        notes.append(
            f"Under the CMS (Medicare) method the same {total} minutes would give "
            f"{_plural(cms_units, 'timed unit')}."
        )
    return units, notes
