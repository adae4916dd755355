"""Child process for the crash-kill test (docs/STORAGE.md, S1). Not a test module.

    python crash_writer.py PATH ours|tinydb SEED

Writes to PATH forever, through the real storage layer ("ours") or through stock TinyDB
JSONStorage ("tinydb", the canary), until the parent SIGKILLs it. Protocol on stdout, one
line per event, flushed at once so the parent sees exactly what was acknowledged:

    ready                                   the file is open; writes start now
    begin <op> <table> <id|-> [<version>]    a write is about to start
    acked <op> <table> <id> [<version>]      that write returned (it is durable)

A session's note is "v<version>": the parent checks every session holds either its last
acknowledged version or the one in flight, never anything else.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

BIG_TEXT = 20_000  # the model's longest text; ten of them make the ~200 KB "attachment"
BIG_COUNT = 10
MAX_SESSIONS = 40  # keeps the file (and so each run) bounded however many runs there are


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def run_ours(path: Path, rng: random.Random) -> None:
    from dataclasses import replace

    from floortrack.model import CodeNote, Session, SessionLine
    from floortrack.store import open_repository

    repo = open_repository(path, unlock=_unlock())
    versions = {s.id: int(s.note[1:]) if s.note.startswith("v") else 0 for s in repo.sessions.all()}
    say("ready")
    while True:
        sessions = repo.sessions.all()
        big = [n for n in repo.code_notes.all() if len(n.text) == BIG_TEXT]
        roll = rng.random()
        if len(sessions) >= MAX_SESSIONS or (sessions and roll < 0.15):
            victim = sessions[0] if len(sessions) >= MAX_SESSIONS else rng.choice(sessions)
            say("begin delete sessions", victim.id)
            repo.sessions.delete(victim.id)
            versions.pop(victim.id, None)
            say("acked delete sessions", victim.id)
        elif big and roll < 0.35:
            # Deleting a 20 KB note shrinks the file: the case that breaks in-place writers.
            say("begin delete code_notes", big[0].id)
            repo.code_notes.delete(big[0].id)
            say("acked delete code_notes", big[0].id)
        elif not big and roll < 0.45:
            notes = [
                CodeNote(f"Z{rng.randrange(1000, 9999)}", chr(97 + i) * BIG_TEXT)
                for i in range(BIG_COUNT)
            ]
            say("begin addmany code_notes -")
            for new_id in repo.code_notes.add_many(notes):
                say("acked add code_notes", new_id)
        elif sessions and roll < 0.7:
            target = rng.choice(sessions)
            version = versions.get(target.id, 0) + 1
            say("begin update sessions", target.id, version)
            repo.sessions.update(target.id, replace(target, note=f"v{version}"))
            versions[target.id] = version
            say("acked update sessions", target.id, version)
        else:
            session = Session(
                date="2024-05-06",
                provider="Crash Test PT",
                lines=(SessionLine("97110", rng.randrange(8, 60)), SessionLine("97140", 15)),
                pain_before=rng.randrange(0, 11),
                note="v0",
            )
            say("begin add sessions -")
            new_id = repo.sessions.add(session)
            versions[new_id] = 0
            say("acked add sessions", new_id, 0)


def _unlock():  # type: ignore[no-untyped-def]
    """FLOORTRACK_CRASH_PASSPHRASE: the file is encrypted with it (the loop then proves the
    sealed saves are as crash-safe as plain ones)."""
    import os

    passphrase = os.environ.get("FLOORTRACK_CRASH_PASSPHRASE")
    if not passphrase:
        return None
    from floortrack.store import crypto

    return lambda raw: crypto.unlock(raw, passphrase=passphrase)


def run_tinydb(path: Path, rng: random.Random) -> None:
    """The canary: the same kind of traffic through stock TinyDB, which writes in place."""
    from tinydb import TinyDB

    db = TinyDB(path)  # default JSONStorage: seek(0), write, fsync, truncate
    say("ready")
    while True:
        docs = db.all()
        big = [d for d in docs if "big" in d]
        roll = rng.random()
        if big and roll < 0.4:
            say("begin delete _default", big[0].doc_id)
            db.remove(doc_ids=[big[0].doc_id])
            say("acked delete _default", big[0].doc_id)
        elif not big and roll < 0.5:
            say("begin add _default -")
            new_id = db.insert({"big": "x" * (BIG_TEXT * BIG_COUNT)})
            say("acked add _default", new_id)
        elif len(docs) >= MAX_SESSIONS:
            say("begin delete _default", docs[0].doc_id)
            db.remove(doc_ids=[docs[0].doc_id])
            say("acked delete _default", docs[0].doc_id)
        else:
            say("begin add _default -")
            new_id = db.insert({"note": "v0", "minutes": rng.randrange(8, 60)})
            say("acked add _default", new_id)


def main() -> None:
    path, mode, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    if mode == "ours":
        run_ours(path, rng)
    else:
        run_tinydb(path, rng)


if __name__ == "__main__":
    main()
