"""The patient's profile (name, date of birth, address, phone) for superbills and letters.

One record in the `profile` table; the newest one is the profile (an import may bring
another). `set_profile` changes only the fields given, on the record as it is in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from floortrack.model import Profile
from floortrack.store import Repository, Transaction

from .edits import apply_changes
from .errors import ValidationError

PROFILE_FIELDS = ("name", "date_of_birth", "address", "phone", "diagnoses")


def current_profile(profiles: list[Profile]) -> Profile:
    return max(profiles, key=lambda p: p.id or 0) if profiles else Profile()


def get_profile(repo: Repository) -> Profile:
    return current_profile(repo.profile.all())


def set_profile(repo: Repository, changes: Mapping[str, Any]) -> Profile:
    unknown = sorted(set(changes) - set(PROFILE_FIELDS))
    if unknown:
        raise ValidationError(f"unknown profile field {unknown[0]!r}", unknown[0])
    if not changes:
        raise ValidationError(
            "nothing to change: give at least one of --name, --date-of-birth, --address, --phone"
        )

    def op(tx: Transaction) -> Profile:
        profiles = tx.all(repo.profile)
        if not profiles:
            return tx.add(repo.profile, apply_changes(Profile(), changes))
        current = current_profile(profiles)
        return tx.put(repo.profile, apply_changes(current, changes, label="profile"))

    return repo.transaction(op)
