"""The month index: reading a few months of a table gives exactly what reading it whole
gives, however the records were added, and an index that does not describe the file is
never used (docs/STORAGE.md, "Reading a few months")."""

from __future__ import annotations

import random
import zlib
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest

from floortrack.model import Claim, Session
from floortrack.store import month_index, open_repository, schema


def _sessions(n: int, seed: int, start: date = date(2016, 1, 4)) -> list[Session]:
    rng = random.Random(seed)
    days = [start + timedelta(days=rng.randrange(3650)) for _ in range(n)]
    return [Session(day, provider=f"Clinic {i % 3}") for i, day in enumerate(days)]


def _claims(n: int, seed: int) -> list[Claim]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        first = date(2016, 1, 4) + timedelta(days=rng.randrange(3650))
        dates = (first, first + timedelta(days=rng.choice((0, 3, 40))))
        out.append(Claim(dates, "Aetna", "120.00"))
    return out


def _filled(path: Path, sessions: list[Session], claims: list[Claim]) -> Path:
    repo = open_repository(path)
    repo.sessions.add_many(sessions)
    repo.claims.add_many(claims)
    return path


def test_a_table_is_written_byte_for_byte_as_before() -> None:
    table = {str(i): schema.compact(s.to_doc()) for i, s in enumerate(_sessions(50, 1), 1)}
    data, runs = month_index.serialize("sessions", table)
    assert data == orjson.dumps(table)
    assert runs is not None and month_index.total(runs) == 50
    assert month_index.checked(runs, data) == runs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_date_range_finds_exactly_what_a_full_scan_finds(data_file: Path, seed: int) -> None:
    # Records added in random date order: many short runs, the hardest case.
    _filled(data_file, _sessions(400, seed), _claims(300, seed))
    rng = random.Random(seed)
    for _ in range(20):
        low = date(2016, 1, 1) + timedelta(days=rng.randrange(3650))
        high = low + timedelta(days=rng.randrange(400))
        lo, hi = low.isoformat(), high.isoformat()
        fresh = open_repository(data_file)
        assert fresh._unparsed("sessions").months is not None  # the index is used
        got = fresh.sessions.select(lambda d, lo=lo, hi=hi: lo <= d["date"] <= hi, (low, high))
        got_claims = fresh.claims.select(
            lambda d, lo=lo, hi=hi: any(lo <= x <= hi for x in d["service_dates"]), (low, high)
        )
        full = open_repository(data_file)
        want = [s for s in full.sessions.all() if low <= s.date <= high]
        want_claims = [
            c for c in full.claims.all() if any(low <= d <= high for d in c.service_dates)
        ]
        assert sorted(s.id for s in got) == sorted(s.id for s in want)
        assert sorted(c.id for c in got_claims) == sorted(c.id for c in want_claims)


@pytest.mark.parametrize("count", [1, 7, 50, 399, 400, 1000])
def test_the_newest_page_is_the_same_as_sorting_everything(data_file: Path, count: int) -> None:
    _filled(data_file, _sessions(400, 9), [])
    fresh = open_repository(data_file)
    page = fresh.sessions.newest(count)
    everything = sorted(
        open_repository(data_file).sessions.all(), key=lambda s: (s.date, s.id), reverse=True
    )
    assert [s.id for s in page] == [s.id for s in everything[:count]]
    assert len(open_repository(data_file).sessions) == 400  # counted from the index


def test_the_newest_claims_are_the_same_as_sorting_everything(data_file: Path) -> None:
    _filled(data_file, [], _claims(300, 8))
    fresh = open_repository(data_file)
    page = fresh.claims.newest(40, key="service_dates")
    assert fresh._unparsed("claims") is not None  # read from the latest months only
    everything = sorted(
        open_repository(data_file).claims.all(),
        key=lambda c: (c.service_dates, c.id),
        reverse=True,
    )
    assert [c.id for c in page] == [c.id for c in everything[:40]]


def test_visits_added_one_by_one_keep_the_index_right(data_file: Path) -> None:
    _filled(data_file, _sessions(200, 4), [])
    for day in (date(2026, 11, 30), date(2017, 5, 5), date(2026, 11, 30)):
        repo = open_repository(data_file)
        assert repo._unparsed("sessions") is not None  # appended without parsing the table
        repo.sessions.add(Session(day, provider="Late entry"))
    fresh = open_repository(data_file)
    raw = fresh._unparsed("sessions")
    assert raw is not None and raw.months is not None
    assert month_index.checked(raw.months, raw.data) == raw.months
    assert [s.provider for s in fresh.sessions.newest(2)] == ["Late entry", "Late entry"]
    may = fresh.sessions.select(
        lambda d: d["date"] == "2017-05-05", (date(2017, 5, 5), date(2017, 5, 5))
    )
    assert "Late entry" in [s.provider for s in may]
    assert len(fresh.sessions) == 203


def test_a_mixed_table_is_bounded_and_still_exact(
    data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(month_index, "MAX_RUNS", 4)
    _filled(data_file, _sessions(120, 5), [])
    fresh = open_repository(data_file)
    raw = fresh._unparsed("sessions")
    assert raw is not None and raw.months is not None and len(raw.months) <= 4
    low, high = date(2019, 1, 1), date(2019, 12, 31)
    got = fresh.sessions.select(lambda d: "2019" <= d["date"] < "2020", (low, high))
    want = [s for s in open_repository(data_file).sessions.all() if s.date.year == 2019]
    assert sorted(s.id for s in got) == sorted(s.id for s in want) and want


def _as_an_older_floortrack_writes(path: Path, edit: dict[str, dict[str, object]]) -> None:
    """Rewrite the file as a floortrack without the index would: tables re-encoded, `_meta`
    fields it does not know (the runs) carried over, fresh checksums."""
    tables = orjson.loads(path.read_bytes())
    meta = tables.pop("_meta")["1"]
    for name, docs in edit.items():
        tables[name].update(docs)
    body, layout, size = b"{", {}, 1
    for name, table in tables.items():
        key = (b"," if size > 1 else b"") + orjson.dumps(name) + b":"
        value = orjson.dumps(table)
        body += key + value
        size += len(key)
        layout[name] = [size, size + len(value)]
        size += len(value)
    meta.update(content_crc32=zlib.crc32(body), layout=layout)
    meta[schema.META_CRC] = schema.meta_checksum(meta)
    path.write_bytes(body + b',"_meta":' + orjson.dumps({"1": meta}) + b"}")


def test_an_index_that_no_longer_describes_the_file_is_not_used(data_file: Path) -> None:
    _filled(data_file, [Session(date(2020, 3, d), provider="March") for d in (2, 9, 16)], [])
    # Same length, other month: the old runs would still tile the bytes.
    _as_an_older_floortrack_writes(
        data_file, {"sessions": {"2": {"date": "2020-07-09", "provider": "March"}}}
    )
    fresh = open_repository(data_file)
    raw = fresh._unparsed("sessions")
    assert raw is not None and raw.months is None
    july = fresh.sessions.select(
        lambda d: d["date"].startswith("2020-07"), (date(2020, 7, 1), date(2020, 7, 31))
    )
    assert [s.id for s in july] == [2]


def test_runs_that_do_not_tile_the_bytes_are_refused() -> None:
    table = {"1": {"date": "2020-01-02"}, "2": {"date": "2020-02-02"}}
    data, runs = month_index.serialize("sessions", table)
    assert runs is not None
    assert month_index.checked(runs, data) == runs
    shifted = [[r[0], r[1], r[2] + 1, r[3], r[4]] for r in runs]
    assert month_index.checked(shifted, data) is None
    assert month_index.checked(runs[:1], data) is None  # the second record left out
    assert month_index.checked([["2020-02", "2020-01", *runs[0][2:]]], data) is None
    assert month_index.checked("nonsense", data) is None


def test_a_backup_is_named_with_the_record_count_read_from_the_index(data_file: Path) -> None:
    from floortrack.store.backups import record_counts

    _filled(data_file, _sessions(70, 6), _claims(30, 6))
    repo = open_repository(data_file)
    repo.sessions.delete(5)  # a count, not the highest id
    raw = data_file.read_bytes()
    assert record_counts(raw) == {"sessions": 69, "claims": 30}
    plain = orjson.loads(raw)
    assert {k: len(v) for k, v in plain.items() if k != "_meta"} == record_counts(raw)


@pytest.mark.parametrize("seed", [11, 12])
def test_any_mix_of_changes_keeps_every_read_exact(data_file: Path, seed: int) -> None:
    """Adds (one, many, through a transaction, an import), edits that move a visit to
    another month, deletes, reads in between and a second process writing: after each step
    a freshly opened file (index in use) and the open one agree with a full scan."""
    rng = random.Random(seed)
    repo = open_repository(data_file)
    repo.sessions.add_many(_sessions(80, seed))
    other = open_repository(data_file)

    def random_day() -> date:
        return date(2016, 1, 4) + timedelta(days=rng.randrange(3650))

    for step in range(40):
        action = rng.choice(["add", "many", "edit", "delete", "tx", "import", "other", "read"])
        ids = [s.id for s in repo.sessions.all()] if action in ("edit", "delete") else []
        if action == "add":
            repo.sessions.add(Session(random_day(), provider=f"step {step}"))
        elif action == "many":
            repo.sessions.add_many(_sessions(5, step))
        elif action == "edit" and ids:
            target = repo.sessions.get(rng.choice(ids))  # type: ignore[arg-type]
            repo.sessions.update(target.id, Session(random_day(), provider="moved"))  # type: ignore[arg-type]
        elif action == "delete" and ids:
            repo.sessions.delete(rng.choice(ids))  # type: ignore[arg-type]
        elif action == "tx":
            repo.transaction(lambda tx: tx.add(repo.sessions, Session(random_day())))
        elif action == "import":
            repo.import_records({"sessions": _sessions(3, step + 100)})
        elif action == "other":
            other.reload_if_changed()
            other.sessions.add(Session(random_day(), provider="elsewhere"))
            repo.reload_if_changed()
        else:
            repo.sessions.all()
        low = random_day()
        high = low + timedelta(days=rng.randrange(200))
        lo, hi = low.isoformat(), high.isoformat()
        stored = orjson.loads(data_file.read_bytes())["sessions"]  # no index involved
        truth = sorted((int(k), date.fromisoformat(d["date"])) for k, d in stored.items())
        for reader in (open_repository(data_file), repo):
            got = reader.sessions.select(lambda d, lo=lo, hi=hi: lo <= d["date"] <= hi, (low, high))
            assert sorted((s.id, s.date) for s in got) == [t for t in truth if low <= t[1] <= high]
            page = reader.sessions.newest(15)
            want = sorted(truth, key=lambda t: (t[1], t[0]), reverse=True)[:15]
            assert [(s.id, s.date) for s in page] == want
            assert len(reader.sessions) == len(truth)
