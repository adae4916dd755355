"""Results of pure functions of one frozen record, kept while that record object lives.

Records are frozen dataclasses: while an object lives its fields do not change, so what a
rule worked out from it stays true. A screen that recomputes after a save then redoes only
the records whose objects changed (docs/ARCHITECTURE.md, "Attention, bounded and grouped").
Entries are keyed by the object's identity and dropped when it is collected, so a new
record that happens to reuse an old id() never finds the old one's result. Dict operations
are atomic, so the store thread, a worker and the UI thread may share a memo.
"""

from __future__ import annotations

import weakref
from typing import Generic, TypeVar

R = TypeVar("R")
V = TypeVar("V")


class PerRecord(Generic[R, V]):
    """One value per record object (see the module docstring). One weak reference per entry
    and no other object: allocations that live long wake the garbage collector, whose full
    passes over ten years of records cost more than the values save."""

    def __init__(self) -> None:
        refs: dict[int, weakref.KeyedRef[int, R]] = {}
        values: dict[int, V] = {}

        def drop(ref: weakref.KeyedRef[int, R]) -> None:
            if refs.get(ref.key) is ref:
                refs.pop(ref.key, None)
                values.pop(ref.key, None)

        self._refs, self._values, self._drop = refs, values, drop

    def get(self, record: R) -> V | None:
        key = id(record)
        ref = self._refs.get(key)
        if ref is None or ref() is not record:
            return None
        return self._values.get(key)

    def put(self, record: R, value: V) -> None:
        key = id(record)
        self._refs[key] = weakref.KeyedRef(record, self._drop, key)
        self._values[key] = value

    def __len__(self) -> int:
        return len(self._refs)
