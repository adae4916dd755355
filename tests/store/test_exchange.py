"""Export and import through the real console script: round trips lose nothing, and a bad
import row is reported by line number with nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from floortrack.store import open_repository

from .conftest import fill

FLOORTRACK = Path(sys.executable).with_name("floortrack")
TODAY = "2026-03-01"


def ft(data: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FLOORTRACK_DATA": str(data), "FLOORTRACK_TODAY": TODAY}
    result = subprocess.run(
        [FLOORTRACK, *args], env=env, capture_output=True, text=True, timeout=30
    )
    if ok:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def source(data_file: Path) -> Path:
    """Every kind of record, with a gap in the session ids (a deleted visit)."""
    repo = open_repository(data_file)
    fill(repo)
    repo.sessions.delete(1)
    claim = repo.claims.get(2)
    repo.claims.update(2, replace(claim, session_ids=(2, 3)))
    return data_file


def _without_ids(export: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in rec.items() if k != "id"} for rec in export[kind]]


def test_json_export_import_export_keeps_every_record(source: Path, tmp_path: Path) -> None:
    first = json.loads(ft(source, "export", "--format", "json").stdout)
    dump = tmp_path / "export.json"
    dump.write_text(json.dumps(first))
    fresh = tmp_path / "fresh" / "floortrack.json"
    imported = ft(fresh, "import", str(dump))
    assert "Imported" in imported.stderr
    second = json.loads(ft(fresh, "export", "--format", "json").stdout)

    assert first["format"] == second["format"] == "floortrack-export"
    for kind in ("plans", "auths", "diary", "code_notes"):
        assert _without_ids(second, kind) == _without_ids(first, kind), kind
    assert len(first["sessions"]) == 2 and len(first["claims"]) == 2
    # Visits get new ids in the new file; claims must follow their visits there.
    new_id = {
        old["id"]: new["id"] for old, new in zip(first["sessions"], second["sessions"], strict=True)
    }
    assert _without_ids(second, "sessions") == _without_ids(first, "sessions")
    for old, new in zip(first["claims"], second["claims"], strict=True):
        assert new["session_ids"] == [new_id[i] for i in old["session_ids"]]
        old_rest = {k: v for k, v in old.items() if k not in ("id", "session_ids")}
        new_rest = {k: v for k, v in new.items() if k not in ("id", "session_ids")}
        assert new_rest == old_rest


def test_csv_round_trip_of_sessions_and_claims(source: Path, tmp_path: Path) -> None:
    out1 = tmp_path / "out1"
    ft(source, "export", "--format", "csv", "--out", str(out1))
    fresh = tmp_path / "fresh" / "floortrack.json"
    ft(fresh, "import", str(out1 / "sessions.csv"))
    ft(fresh, "import", str(out1 / "claims.csv"))
    out2 = tmp_path / "out2"
    ft(fresh, "export", "--format", "csv", "--out", str(out2))
    for name in ("sessions.csv", "claims.csv"):
        assert (out2 / name).read_text() == (out1 / name).read_text(), name
    text = (out1 / "sessions.csv").read_text()
    assert '"Biofeedback, comma, and a newline\nin the note"' in text  # quoting survived
    assert (out1 / "claims.csv").read_text().count("\n") == 3  # header + two claims


BAD_SESSIONS = (
    "date,provider,visit_type,codes,pain_before,pain_after,note\n"
    "2026-01-05,Bloom PT,treatment,97110:25,5,3,fine\n"
    "2026-01-08,Bloom PT,treatment,97110:25;97140:15,,,fine too\n"
    "2026-01-12,Bloom PT,treatment,97110:999,4,2,too many minutes\n"
    "2026-01-15,Bloom PT,treatment,97112:30,4,2,never reached\n"
)

BAD_CLAIMS = (
    "service_dates,payer,claim_number,status,billed,allowed,paid,patient_owes,denial_codes,units\n"
    "2026-01-05,Aetna,A1,paid,100.00,80.00,64.00,16.00,,97110:2\n"
    "2026-01-08,Aetna,A2,denied,12.345,,,,CO-97,97110:2\n"
)


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [("sessions.csv", BAD_SESSIONS, 4), ("claims.csv", BAD_CLAIMS, 3)],
)
def test_csv_with_a_bad_row_names_the_line_and_writes_nothing(
    source: Path, tmp_path: Path, name: str, content: str, line: int
) -> None:
    csv_file = tmp_path / name
    csv_file.write_text(content)
    before = source.read_bytes()
    result = ft(source, "import", str(csv_file), ok=False)
    assert result.returncode == 1
    assert f"line {line}" in result.stderr
    assert "nothing was imported" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert source.read_bytes() == before


def test_bad_csv_into_a_new_file_creates_no_file(tmp_path: Path) -> None:
    csv_file = tmp_path / "sessions.csv"
    csv_file.write_text(BAD_SESSIONS)
    fresh = tmp_path / "fresh" / "floortrack.json"
    result = ft(fresh, "import", str(csv_file), ok=False)
    assert result.returncode == 1 and "line 4" in result.stderr
    assert not fresh.exists()


def test_json_export_with_a_bad_record_imports_nothing(source: Path, tmp_path: Path) -> None:
    export = json.loads(ft(source, "export", "--format", "json").stdout)
    export["sessions"][1]["lines"][0]["minutes"] = 0  # the second visit is impossible
    dump = tmp_path / "bad.json"
    dump.write_text(json.dumps(export))
    fresh = tmp_path / "fresh" / "floortrack.json"
    fresh.parent.mkdir()
    ft(fresh, "session", "add", "--date", "2026-02-02", "--code", "97110:20")
    before = fresh.read_bytes()
    result = ft(fresh, "import", str(dump), ok=False)
    assert result.returncode == 1
    assert "sessions #2" in result.stderr
    assert fresh.read_bytes() == before


def test_the_streamed_export_is_byte_for_byte_one_json_document(tmp_path: Path) -> None:
    """Written a record at a time, the export is exactly the indented JSON of the whole."""
    from datetime import date as _date

    import orjson

    from floortrack import __version__
    from floortrack.demo import build_demo
    from floortrack.model import Session
    from floortrack.store import exchange, open_repository

    empty = open_repository(tmp_path / "empty" / "f.json")
    repo = open_repository(tmp_path / "demo" / "f.json")
    build_demo(repo, _date(2026, 11, 2))
    repo.sessions.add(Session(_date(2026, 11, 3), provider='Zoë "x"\n[b]', note="\u2028\t\\"))
    day = _date(2026, 12, 3)
    for source in (empty, repo, open_repository(tmp_path / "demo" / "f.json")):
        whole = {
            "format": exchange.EXPORT_FORMAT,
            "version": exchange.EXPORT_VERSION,
            "exported": day.isoformat(),
            "written_by": f"floortrack {__version__}",
            **source.export_tables(),
        }
        expected = orjson.dumps(whole, option=orjson.OPT_INDENT_2) + b"\n"
        assert exchange.export_json(source.export_documents(), day) == expected
        assert orjson.loads(expected)["sessions"] == source.export_tables()["sessions"]
