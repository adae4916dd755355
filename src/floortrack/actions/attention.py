"""What needs the patient's action now: the bounded, grouped list, kept between commands.

The rules are in billing/attention.py. Working them out means building every visit and
claim (at ten years of data about three times what the command costs on a new file), while
the answer changes only when the data, the day or floortrack itself does. So the list is
kept beside the data file (store/derived.py) under a key naming all three, and a command on
an unchanged file reads it back instead (docs/STORAGE.md, "Derived results").
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from floortrack.billing.steps import Item
from floortrack.store import derived

if TYPE_CHECKING:
    from floortrack.store import Repository

RESULT = "attention"

_code_version: str | None = None


def code_version() -> str:
    """Names this floortrack's code and catalogues (every file of the package, by name, size
    and modification time): a kept result from other rules is never read back as this one's.
    Worked out once per process."""
    global _code_version
    if _code_version is None:
        import floortrack

        digest = hashlib.blake2b(floortrack.__version__.encode(), digest_size=12)
        for name, size, mtime in sorted(_files(Path(floortrack.__file__).parent)):
            digest.update(f"{name}\0{size}\0{mtime}\0".encode())
        _code_version = digest.hexdigest()
    return _code_version


def _files(folder: Path, prefix: str = "") -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            if entry.is_dir(follow_symlinks=False):
                found += _files(Path(entry.path), f"{prefix}{entry.name}/")
            elif entry.name.endswith((".py", ".toml")):
                st = entry.stat()
                found.append((prefix + entry.name, st.st_size, st.st_mtime_ns))
    return found


def _key(repo: Repository, today: date) -> str | None:
    content = repo.content_key
    if content is None:
        return None
    return f"{content}|{today.isoformat()}|{code_version()}"


def _kept(repo: Repository, key: str) -> list[Item] | None:
    docs = derived.recall(repo.path, RESULT, key)
    if not isinstance(docs, list):
        return None
    try:
        return [Item.from_dict(doc) for doc in docs]
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError):
        return None  # not a list this floortrack kept: work it out again


def work_out(repo: Repository, today: date) -> list[Item]:
    """The list from every record in the file, never read back."""
    from floortrack.billing import attention  # only when working it out

    return attention.attention_list(
        repo.sessions.all(),
        repo.claims.all(),
        repo.plans.all(),
        repo.auths.all(),
        today,
        repo.clinics.all(),
        calls=repo.calls.all(),
    )


def attention_now(repo: Repository, today: date) -> list[Item]:
    """`billing.attention.attention_list` for every record in the file, as of `today`.

    Read back from the derived file when it was worked out for this very content, day and
    code; a group read back has its count and ids but not its members (the CLI shows
    neither). Otherwise worked out, and kept for next time."""
    key = _key(repo, today)
    if key is not None:
        kept = _kept(repo, key)
        if kept is not None:
            return kept
    items = work_out(repo, today)
    if key is not None and key == _key(repo, today):  # nothing was saved meanwhile
        derived.keep(repo.path, RESULT, key, [item.to_dict() for item in items])
    return items
