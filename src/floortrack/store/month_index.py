"""Where each month's visits and claims sit in the file, so reading a few months parses
only those (docs/STORAGE.md, "Reading a few months").

A table of ten years is ~5,000 records; the first screen shows the newest page and
`benefits` one or two plan years. When floortrack writes the sessions or claims table it
also records, in the checksummed `_meta`, the table's *runs*: stretches of consecutive
records (in file order) with the byte range of each and the months its dates span:

    "months": {"content_crc32": N,
               "tables": {"sessions": [["2016-12", "2016-12", 1, 40211, 43], ...]}}
              (first month, last month, start, end, records)

`start:end` are offsets into the table's own bytes (`{` is offset 0); a run's bytes are
`"id":{...},"id":{...}`, so `{` + the bytes of one run, or of several neighbouring runs,
+ `}` is a JSON object of exactly those records. Records are mostly added in date order, so
ten years make about 120 runs; a table whose records are so mixed that it would need more
than MAX_RUNS gets neighbouring runs merged (each then spans more months: still correct, only
less selective).

The runs are trusted only when `_meta` carries a matching checksum (the same rule as the
record counter) and `content_crc32` is that of the data they describe (an older floortrack
rewriting the file carries `_meta` fields it does not know over unchanged); runs that do not
tile the table exactly are ignored, never used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import orjson

META_FIELD = "months"
MAX_RUNS = 2000  # ~40 bytes each in _meta: at most ~80 kB, even for a badly mixed table

Run = list[Any]  # [first month, last month, start, end, count]
LOW, HIGH, START, END, COUNT = range(5)

# The dates each indexed table is read by: sessions by their day, claims by their service
# dates (first and last). Months are "YYYY-MM", compared as text.
_UNKNOWN = ("0000-00", "9999-99")  # a record without a usable date is in every range


def _session_months(doc: Mapping[str, Any]) -> tuple[str, str]:
    day = doc.get("date")
    return (day[:7], day[:7]) if isinstance(day, str) else _UNKNOWN


def _claim_months(doc: Mapping[str, Any]) -> tuple[str, str]:
    days = doc.get("service_dates")
    if not isinstance(days, list) or not days:
        return _UNKNOWN
    try:
        return min(days)[:7], max(days)[:7]
    except TypeError:  # not all text: no usable date
        return _UNKNOWN


MONTHS_OF: dict[str, Callable[[Mapping[str, Any]], tuple[str, str]]] = {
    "sessions": _session_months,
    "claims": _claim_months,
}


# (table, date field) -> the month a document's field falls in: what `newest` may use.
MONTH_BY_KEY: dict[tuple[str, str], Callable[[Mapping[str, Any]], str]] = {
    ("sessions", "date"): lambda doc: _session_months(doc)[1],
    # claims sort by their service dates, the first one leading: its month
    ("claims", "service_dates"): lambda doc: _claim_months(doc)[0],
}


def serialize(name: str, table: Mapping[str, Any]) -> tuple[bytes, list[Run] | None]:
    """A table's bytes (exactly what orjson.dumps(table) gives) and its runs, if indexed."""
    months_of = MONTHS_OF.get(name)
    if months_of is None or not table:
        return orjson.dumps(table), None
    pieces: list[bytes] = []
    runs: list[Run] = []
    pos = 1  # after "{"
    dumps = orjson.dumps
    for key, doc in table.items():
        # A record id is ASCII digits (no escaping): one encode instead of a second dumps.
        encoded = key.encode() if key.isascii() and key.isdigit() else dumps(key)[1:-1]
        piece = b'"%s":%s' % (encoded, dumps(doc))
        low, high = months_of(doc)
        if runs and runs[-1][LOW] == low:
            run = runs[-1]
            run[HIGH] = max(run[HIGH], high)
            run[END] = pos + len(piece)
            run[COUNT] += 1
        else:
            runs.append([low, high, pos, pos + len(piece), 1])
        pieces.append(piece)
        pos += len(piece) + 1  # the comma
    return b"{" + b",".join(pieces) + b"}", _bounded(runs)


def appended(
    name: str, runs: list[Run] | None, end_of_table: int, docs: Iterable[tuple[bytes, Any]]
) -> list[Run] | None:
    """The runs after `docs` (each as its `"id":{...}` bytes and document) are appended to
    a table whose bytes were `end_of_table` long (including its closing brace)."""
    months_of = MONTHS_OF.get(name)
    if months_of is None or runs is None:
        return None
    runs = [list(run) for run in runs]
    pos = end_of_table - 1 + (1 if runs else 0)  # where the first new piece starts
    for piece, doc in docs:
        low, high = months_of(doc)
        if runs and runs[-1][LOW] == low and runs[-1][END] + 1 == pos:
            runs[-1][HIGH] = max(runs[-1][HIGH], high)
            runs[-1][END] = pos + len(piece)
            runs[-1][COUNT] += 1
        else:
            runs.append([low, high, pos, pos + len(piece), 1])
        pos += len(piece) + 1
    return _bounded(runs)


def _bounded(runs: list[Run]) -> list[Run]:
    """Merge neighbouring runs (pairwise) until there are at most MAX_RUNS."""
    while len(runs) > MAX_RUNS:
        merged: list[Run] = []
        for i in range(0, len(runs), 2):
            pair = runs[i : i + 2]
            first, last = pair[0], pair[-1]
            merged.append(
                [
                    min(r[LOW] for r in pair),
                    max(r[HIGH] for r in pair),
                    first[START],
                    last[END],
                    sum(r[COUNT] for r in pair),
                ]
            )
        runs = merged
    return runs


def checked(runs: Any, data: bytes | memoryview) -> list[Run] | None:
    """`runs` if they tile the table's bytes `data` exactly as `serialize` writes them,
    else None (then the table is read whole, as before there was an index)."""
    if not isinstance(runs, list) or not runs:
        return None
    pos = 1
    for run in runs:
        if not (isinstance(run, list) and len(run) == 5):
            return None
        low, high, start, end, count = run
        if not (isinstance(low, str) and isinstance(high, str) and low <= high):
            return None
        if not all(type(n) is int for n in (start, end, count)) or count < 1:
            return None
        if start != pos or end <= start or data[start : start + 1] != b'"':
            return None
        if data[end - 1 : end] != b"}" or data[end : end + 1] not in (b",", b"}"):
            return None
        pos = end + 1
    return runs if pos == len(data) else None


def read(data: bytes | memoryview, runs: list[Run], keep: Callable[[Run], bool]) -> dict[str, Any]:
    """Parse only the runs `keep` accepts; neighbouring ones are parsed in one piece."""
    found: dict[str, Any] = {}
    span: list[int] | None = None
    for run in runs:
        if keep(run):
            if span is not None and span[1] + 1 == run[START]:
                span[1] = run[END]
                continue
            if span is not None:
                found.update(_parse(data, span))
            span = [run[START], run[END]]
    if span is not None:
        found.update(_parse(data, span))
    return found


def _parse(data: bytes | memoryview, span: list[int]) -> dict[str, Any]:
    parsed = orjson.loads(b"".join((b"{", data[span[0] : span[1]], b"}")))
    assert isinstance(parsed, dict)
    return parsed


def overlapping(low: str, high: str) -> Callable[[Run], bool]:
    """A `read` filter: runs with any month in low..high ("YYYY-MM", inclusive)."""
    return lambda run: run[LOW] <= high and run[HIGH] >= low


def newest(
    data: bytes | memoryview, runs: list[Run], count: int, month_of: Callable[[Any], str]
) -> dict[str, Any]:
    """Documents that surely include the `count` with the latest months: every run reaching
    the newest months, going back a month at a time until `count` of them lie there."""
    by_high = sorted(runs, key=lambda run: run[HIGH], reverse=True)
    found: dict[str, Any] = {}
    per_month: dict[str, int] = {}
    taken = 0
    for cutoff in sorted({run[HIGH] for run in runs}, reverse=True):
        while taken < len(by_high) and by_high[taken][HIGH] >= cutoff:
            run = by_high[taken]
            docs = _parse(data, [run[START], run[END]])
            for doc in docs.values():
                month = month_of(doc)
                per_month[month] = per_month.get(month, 0) + 1
            found.update(docs)
            taken += 1
        # every record of a month >= cutoff is now in `found` (a run's HIGH is its latest)
        if sum(n for month, n in per_month.items() if month >= cutoff) >= count:
            break
    return found


def each_doc(
    data: bytes | memoryview, runs: list[Run], chunk: int = 512
) -> Iterator[tuple[str, Any]]:
    """Every document of the table, in file order, parsed a few runs at a time: building
    all records this way never holds all the parsed documents at once."""
    span: list[int] | None = None
    held = 0
    for run in runs:
        if span is None:
            span, held = [run[START], run[END]], 0
        else:
            span[1] = run[END]
        held += run[COUNT]
        if held >= chunk:
            yield from _parse(data, span).items()
            span = None
    if span is not None:
        yield from _parse(data, span).items()


def total(runs: list[Run]) -> int:
    return sum(run[COUNT] for run in runs)
