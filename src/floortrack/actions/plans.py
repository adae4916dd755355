"""Plans and authorisations: add, edit, delete, restore. One plan per payer, in the lock."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from floortrack.billing.plans import same_payer
from floortrack.model import Authorization, Plan, ValidationError
from floortrack.store import Repository, Transaction

from .edits import Resolve, apply_changes
from .errors import Refused


def _one_plan_per_payer(tx: Transaction, repo: Repository, plan: Plan) -> None:
    for other in tx.all(repo.plans):
        if other.id != plan.id and same_payer(other.payer, plan.payer):
            raise Refused(
                f"a plan for {other.payer} already exists (id {other.id})",
                "payer",
                ref=other.id,
            )


def add_plan(repo: Repository, **values: Any) -> Plan:
    """Record an insurance plan; `values` are Plan's fields (payer, plan_type, ...)."""
    plan = Plan(**values)

    def add(tx: Transaction) -> Plan:
        _one_plan_per_payer(tx, repo, plan)
        return tx.add(repo.plans, plan)

    return repo.transaction(add)


def edit_plan(
    repo: Repository,
    plan_id: int,
    changes: Mapping[str, Any],
    *,
    base: Plan | None = None,
    resolve: Resolve = None,
) -> Plan:
    if not changes:
        raise ValidationError("nothing to change", "")

    def edit(tx: Transaction) -> Plan:
        current = tx.get(repo.plans, plan_id)
        new = apply_changes(current, changes, base=base, resolve=resolve, label="plan")
        _one_plan_per_payer(tx, repo, new)
        return tx.put(repo.plans, new)

    return repo.transaction(edit)


def delete_plan(repo: Repository, plan_id: int) -> Plan:
    return repo.transaction(lambda tx: tx.delete(repo.plans, plan_id))


def restore_plan(repo: Repository, plan: Plan) -> Plan:
    def put_back(tx: Transaction) -> Plan:
        _one_plan_per_payer(tx, repo, plan)
        return tx.restore(repo.plans, plan)

    return repo.transaction(put_back)


def add_auth(
    repo: Repository,
    *,
    payer: str,
    visits: int | str,
    start: date | str,
    end: date | str,
    number: str = "",
    note: str = "",
) -> Authorization:
    """Record a prior authorisation: so many visits with a payer between two dates."""
    auth = Authorization(payer, visits, start, end, number, note)  # type: ignore[arg-type]
    return repo.transaction(lambda tx: tx.add(repo.auths, auth))


def edit_auth(
    repo: Repository,
    auth_id: int,
    changes: Mapping[str, Any],
    *,
    base: Authorization | None = None,
    resolve: Resolve = None,
) -> Authorization:
    if not changes:
        raise ValidationError("nothing to change", "")

    def edit(tx: Transaction) -> Authorization:
        current = tx.get(repo.auths, auth_id)
        new = apply_changes(current, changes, base=base, resolve=resolve, label="authorisation")
        return tx.put(repo.auths, new)

    return repo.transaction(edit)


def delete_auth(repo: Repository, auth_id: int) -> Authorization:
    return repo.transaction(lambda tx: tx.delete(repo.auths, auth_id))


def restore_auth(repo: Repository, auth: Authorization) -> Authorization:
    return repo.transaction(lambda tx: tx.restore(repo.auths, auth))
