"""Is a claim for therapy? Used to pick therapy claims out of an insurer's whole claim history.

A claim line is therapy when its code is one floortrack's catalogue explains as a procedure
(the physical-therapy, biofeedback, pelvic-floor and speech codes), or when it carries a
therapy modifier: GP, GO or GN say the service was given under a physical, occupational or
speech therapy plan of care (docs/IMPORT.md, "Which claims are imported").
"""

from __future__ import annotations

from collections.abc import Iterable

from floortrack.billing import catalogue
from floortrack.model import ClaimLine

THERAPY_MODIFIERS: frozenset[str] = frozenset({"GP", "GO", "GN"})


def is_therapy_line(line: ClaimLine) -> bool:
    if THERAPY_MODIFIERS & set(line.modifiers):
        return True
    entry = catalogue.lookup(line.code)
    return entry is not None and entry.kind == "procedure"


def is_therapy_claim(lines: Iterable[ClaimLine]) -> bool:
    return any(is_therapy_line(line) for line in lines)
