"""The patient's own note on any code (catalogued or not), shown wherever the code is."""

from __future__ import annotations

from floortrack.model import CodeNote, normalize_code
from floortrack.store import Repository, Transaction


def set_note(repo: Repository, code: str, text: str) -> CodeNote | None:
    """Attach a note to `code` (replacing any); an empty text removes it. Returns the note
    now stored, or None when it was removed."""
    note = CodeNote(normalize_code(code), text.strip())

    def write(tx: Transaction) -> CodeNote | None:
        existing = [n for n in tx.all(repo.code_notes) if n.code == note.code]
        for old in existing[1:]:  # an older file may hold two notes for a code: keep one
            tx.delete(repo.code_notes, old.id)  # type: ignore[arg-type]
        if not note.text:
            if existing:
                tx.delete(repo.code_notes, existing[0].id)  # type: ignore[arg-type]
            return None
        if existing:
            return tx.put(repo.code_notes, note.with_id(existing[0].id))  # type: ignore[arg-type]
        return tx.add(repo.code_notes, note)

    return repo.transaction(write)
