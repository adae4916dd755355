"""Results kept beside the data file (store/derived.py): read back only under the key they
were kept under, never from a damaged, foreign or linked file, and never for a file that is
encrypted, hand-edited or changed since it was read."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from floortrack.model import Session
from floortrack.store import derived, open_repository


def test_a_result_comes_back_only_under_its_own_key(data_file: Path) -> None:
    data_file.parent.mkdir(parents=True)
    assert derived.recall(data_file, "attention", "k1") is None  # nothing kept yet
    assert derived.keep(data_file, "attention", "k1", [{"due": date(2026, 1, 2)}])
    assert derived.recall(data_file, "attention", "k1") == [{"due": "2026-01-02"}]
    assert derived.recall(data_file, "attention", "k2") is None
    assert derived.recall(data_file, "other", "k1") is None
    kept = derived.derived_path(data_file)
    assert kept.name == "floortrack.json.derived"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"[1, 2]", b'{"format": 99, "results": {}}', b'{"format": 1}'],
)
def test_a_damaged_derived_file_is_the_same_as_none(data_file: Path, content: bytes) -> None:
    data_file.parent.mkdir(parents=True)
    derived.derived_path(data_file).write_bytes(content)
    assert derived.recall(data_file, "attention", "k1") is None
    assert derived.keep(data_file, "attention", "k1", [1])  # and is replaced by a good one
    assert derived.recall(data_file, "attention", "k1") == [1]


def test_a_linked_derived_file_is_never_read(data_file: Path, tmp_path: Path) -> None:
    data_file.parent.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(b'{"format": 1, "results": {"attention": {"key": "k", "value": 1}}}')
    derived.derived_path(data_file).symlink_to(elsewhere)
    assert derived.recall(data_file, "attention", "k") is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_folder_it_cannot_write_is_no_error(data_file: Path) -> None:
    data_file.parent.mkdir(parents=True)
    data_file.parent.chmod(0o500)
    try:
        assert derived.keep(data_file, "attention", "k", [1]) is False
    finally:
        data_file.parent.chmod(0o700)


def test_forget_removes_it_and_a_missing_one_is_fine(data_file: Path) -> None:
    data_file.parent.mkdir(parents=True)
    derived.keep(data_file, "attention", "k", [1])
    derived.forget(data_file)
    derived.forget(data_file)
    assert not derived.derived_path(data_file).exists()


def test_the_content_key_names_the_file_as_read(data_file: Path) -> None:
    assert open_repository(data_file).content_key is None  # no file yet
    repo = open_repository(data_file)
    repo.sessions.add(Session(date(2026, 1, 5)))
    assert repo.content_key is None  # saved by this process: not read from a signed file
    first = open_repository(data_file).content_key
    assert first is not None
    assert open_repository(data_file).content_key == first  # the same bytes, the same name
    open_repository(data_file).sessions.add(Session(date(2026, 1, 12)))
    assert repo.reload_if_changed()
    assert repo.content_key not in (None, first)
    assert open_repository(data_file).content_key == repo.content_key


def test_a_hand_edited_file_has_no_content_key(data_file: Path) -> None:
    open_repository(data_file).sessions.add(Session(date(2026, 1, 5)))
    doc = json.loads(data_file.read_bytes())
    meta = doc["_meta"]["1"]
    for name in ("content_crc32", "meta_crc32", "layout", "months"):
        meta.pop(name, None)
    data_file.write_text(json.dumps(doc))  # what a patient's editor could leave: no checksums
    assert open_repository(data_file).content_key is None
