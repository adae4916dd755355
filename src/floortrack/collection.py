"""No garbage collection while ten years of records are parsed, built or gone over.

Parsing a table, building its records and running a rule over every record make tens of
thousands of objects and no reference cycles, yet every few hundred allocations Python's
collector walks every object made so far: at ten years that was about half the time of
building the claims (140 ms of 5,000 claims, 60 ms without) and 30-70 ms of a 150 ms
attention list. Used by store/ and billing/, so it sits below both."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Collection off for the block, then as it was: a caller that paused it keeps it
    paused."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
