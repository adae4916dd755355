"""A save hit by EIO/ENOSPC fails cleanly and changes nothing (docs/STORAGE.md, S1, S2).

Each fault is injected into the calls store/atomic.py makes (mkstemp, the write of the
payload, fsync, os.replace), once and persistently. After it:
- the data file is byte-identical to before, and no temp file is left beside it;
- the caller gets StoreWriteError (the CLI turns it into exit 3);
- the repository's in-memory view equals what a fresh open reads from disk;
- once the fault is gone, the next save succeeds.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from floortrack.model import Session, SessionLine
from floortrack.store import Repository, StoreWriteError, open_repository
from floortrack.store import atomic as atomic_module


def _visit(day: str, note: str = "") -> Session:
    return Session(date=day, provider="Bloom PT", lines=(SessionLine("97110", 25),), note=note)


@pytest.fixture
def repo(data_file: Path) -> Repository:
    repo = open_repository(data_file)
    repo.sessions.add_many([_visit("2026-01-05"), _visit("2026-01-08")])
    repo.set_note("97110", "therapeutic exercise")
    return repo


class _FailingFile:
    """A file object whose write fails like a full disk (the payload never lands)."""

    def __init__(self, real: Any, code: int) -> None:
        self._real = real
        self._code = code

    def write(self, data: bytes) -> int:
        # Part of the payload reaches the temp file first, as a real ENOSPC mid-write would.
        self._real.write(data[: len(data) // 2])
        self._real.flush()
        raise OSError(self._code, os.strerror(self._code))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


Fault = Callable[[pytest.MonkeyPatch, int, dict[str, int]], None]


def _fail_fsync(mp: pytest.MonkeyPatch, code: int, calls: dict[str, int]) -> None:
    real = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # the temp file's: its data may not be on disk
            calls["n"] += 1
            raise OSError(code, os.strerror(code))
        real(fd)

    mp.setattr(atomic_module.os, "fsync", fsync)


def _fail_replace(mp: pytest.MonkeyPatch, code: int, calls: dict[str, int]) -> None:
    def replace(src: Any, dst: Any) -> None:
        calls["n"] += 1
        raise OSError(code, os.strerror(code))

    mp.setattr(atomic_module.os, "replace", replace)


def _fail_write(mp: pytest.MonkeyPatch, code: int, calls: dict[str, int]) -> None:
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        if "w" not in mode:
            return handle
        calls["n"] += 1
        return _FailingFile(handle, code)

    mp.setattr(atomic_module.os, "fdopen", fdopen)


def _fail_mkstemp(mp: pytest.MonkeyPatch, code: int, calls: dict[str, int]) -> None:
    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        calls["n"] += 1
        raise OSError(code, os.strerror(code))

    mp.setattr(atomic_module.tempfile, "mkstemp", mkstemp)


FAULTS: dict[str, Fault] = {
    "mkstemp": _fail_mkstemp,
    "write": _fail_write,
    "fsync": _fail_fsync,
    "replace": _fail_replace,
}

SAVES: dict[str, Callable[[Repository], object]] = {
    "add": lambda r: r.sessions.add(_visit("2026-01-12", "new")),
    "update": lambda r: r.sessions.update(1, _visit("2026-01-05", "changed")),
    "delete": lambda r: r.sessions.delete(2),
    "note": lambda r: r.set_note("97110", "changed"),
    "import": lambda r: r.import_records({"sessions": [_visit("2026-02-02")]}),
}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def _snapshot(repo: Repository) -> tuple[list[Session], str, int]:
    return repo.sessions.all(), repo.note_for("97110"), len(repo.sessions)


@pytest.fixture(params=[errno.EIO, errno.ENOSPC], ids=["EIO", "ENOSPC"])
def code(request: pytest.FixtureRequest) -> Iterator[int]:
    yield request.param


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("save", SAVES)
def test_failed_save_leaves_file_and_view_unchanged(
    repo: Repository, data_file: Path, fault: str, save: str, code: int
) -> None:
    before_bytes = data_file.read_bytes()
    before_view = _snapshot(repo)
    calls = {"n": 0}
    with pytest.MonkeyPatch.context() as mp:
        FAULTS[fault](mp, code, calls)
        with pytest.raises(StoreWriteError) as caught:
            SAVES[save](repo)
        # Persistent fault: the second attempt fails the same way and still changes nothing.
        with pytest.raises(StoreWriteError):
            SAVES[save](repo)
    assert calls["n"] >= 2, "the fault was never reached: this test proved nothing"
    assert str(data_file) in str(caught.value)
    assert os.strerror(code) in str(caught.value)
    assert data_file.read_bytes() == before_bytes
    assert _leftovers(data_file.parent) == []
    assert _snapshot(repo) == before_view
    assert _snapshot(open_repository(data_file)) == before_view

    SAVES[save](repo)  # the fault is gone: the same save now works
    assert data_file.read_bytes() != before_bytes
    assert _snapshot(open_repository(data_file)) == _snapshot(repo)
    assert _leftovers(data_file.parent) == []


def test_failed_first_save_creates_no_file(data_file: Path) -> None:
    repo = open_repository(data_file)
    with pytest.MonkeyPatch.context() as mp:
        _fail_fsync(mp, errno.ENOSPC, {"n": 0})
        with pytest.raises(StoreWriteError):
            repo.sessions.add(_visit("2026-01-05"))
    assert not data_file.exists()
    assert repo.sessions.all() == []
    assert _leftovers(data_file.parent) == []
    assert repo.sessions.add(_visit("2026-01-05")) == 1


def test_temp_files_from_a_crash_are_removed_by_the_next_save(
    repo: Repository, data_file: Path
) -> None:
    # What a kill between mkstemp and os.replace leaves behind (S1).
    fd, stale = tempfile.mkstemp(
        prefix=atomic_module.temp_prefix(data_file), suffix=".tmp", dir=data_file.parent
    )
    os.write(fd, b'{"half": ')
    os.close(fd)
    unrelated = data_file.parent / "notes.tmp"  # not ours: never touched
    unrelated.write_text("mine")
    repo.sessions.add(_visit("2026-01-12"))
    assert not Path(stale).exists()
    assert unrelated.read_text() == "mine"


def test_folder_fsync_error_after_replace_does_not_claim_nothing_changed(
    repo: Repository, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = data_file.read_bytes()
    real = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(fd)

    monkeypatch.setattr(atomic_module.os, "fsync", fsync)
    with pytest.raises(StoreWriteError) as caught:
        repo.sessions.add(_visit("2026-01-12", "new"))
    changed = data_file.read_bytes() != before
    # A patient told "nothing was changed" retries, and gets the visit twice.
    assert changed and "nothing was changed" not in str(caught.value)
    assert "check that it is there" in str(caught.value)
    assert len(repo.sessions) == len(open_repository(data_file).sessions)  # memory = disk
