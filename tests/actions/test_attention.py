"""The attention list kept between commands (actions/attention.py): read back only for the
very content, day and code it was worked out for, equal to working it out again, and never
kept for an encrypted file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest

from floortrack.actions import attention as kept_attention
from floortrack.actions.claims import pay_claim
from floortrack.billing import attention
from floortrack.billing.steps import Group, Item
from floortrack.demo import build_large
from floortrack.model import Claim, Plan
from floortrack.store import derived, open_repository

TODAY = date.today()  # build_large dates ten years back from today


@pytest.fixture
def ten_years(data_file: Path) -> Path:
    """A few hundred visits and claims: enough for grouped rows of every common kind."""
    repo = open_repository(data_file)
    build_large(repo, sessions=300, claims=300)
    repo.plans.add(Plan("Blue Harbor Health", "commercial", plan_year_start_month=7))
    return data_file


def worked_out(path: Path, today: date = TODAY) -> list[Item]:
    return kept_attention.work_out(open_repository(path), today)


def no_working_out(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> list[Item]:
        raise AssertionError("worked out again instead of read back")

    monkeypatch.setattr(attention, "attention_list", refuse)


def test_every_item_and_group_survives_the_trip_through_json(ten_years: Path) -> None:
    items = worked_out(ten_years)
    assert any(isinstance(i, Group) for i in items) and any(not isinstance(i, Group) for i in items)
    back = [Item.from_dict(orjson.loads(orjson.dumps(i.to_dict(), default=str))) for i in items]
    assert back == items
    assert [type(i) for i in back] == [type(i) for i in items]
    assert [i.to_dict() for i in back] == [i.to_dict() for i in items]


def test_an_unchanged_file_reads_the_list_back(
    ten_years: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = kept_attention.attention_now(open_repository(ten_years), TODAY)
    assert [i.to_dict() for i in first] == [i.to_dict() for i in worked_out(ten_years)]
    assert derived.derived_path(ten_years).exists()
    no_working_out(monkeypatch)
    again = kept_attention.attention_now(open_repository(ten_years), TODAY)
    assert [i.to_dict() for i in again] == [i.to_dict() for i in first]


def test_a_change_to_the_data_is_worked_out_again(ten_years: Path) -> None:
    before = kept_attention.attention_now(open_repository(ten_years), TODAY)
    owed = next(i for i in before if i.kind == "balance_due" and not isinstance(i, Group))
    assert owed.claim_id is not None and owed.step.amount is not None
    pay_claim(open_repository(ten_years), owed.claim_id, amount=owed.step.amount, today=TODAY)
    after = kept_attention.attention_now(open_repository(ten_years), TODAY)
    assert not any(i.claim_id == owed.claim_id and i.kind == "balance_due" for i in after)
    assert [i.to_dict() for i in after] == [i.to_dict() for i in worked_out(ten_years)]


def test_another_day_is_worked_out_again(ten_years: Path) -> None:
    kept_attention.attention_now(open_repository(ten_years), TODAY)
    later = date.fromordinal(TODAY.toordinal() + 90)
    got = kept_attention.attention_now(open_repository(ten_years), later)
    assert [i.to_dict() for i in got] == [i.to_dict() for i in worked_out(ten_years, later)]
    assert got != kept_attention.attention_now(open_repository(ten_years), TODAY)


def test_a_list_kept_by_other_code_is_not_read_back(
    ten_years: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept_attention.attention_now(open_repository(ten_years), TODAY)
    monkeypatch.setattr(kept_attention, "_code_version", "other rules")
    calls: list[int] = []
    real = attention.attention_list

    def counting(*args: object, **kwargs: object) -> list[Item]:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(attention, "attention_list", counting)
    kept_attention.attention_now(open_repository(ten_years), TODAY)
    assert calls == [1]


@pytest.mark.parametrize(
    "forged",
    [
        [{"kind": "x"}],  # not an item
        [{"kind": "a", "title": 1}],
        "not a list",
        [None],
    ],
)
def test_a_forged_or_damaged_list_is_worked_out_again(ten_years: Path, forged: object) -> None:
    repo = open_repository(ten_years)
    key = kept_attention._key(repo, TODAY)
    assert key is not None
    derived.keep(ten_years, kept_attention.RESULT, key, forged)
    got = kept_attention.attention_now(repo, TODAY)
    assert [i.to_dict() for i in got] == [i.to_dict() for i in worked_out(ten_years)]


def test_nothing_is_kept_for_a_file_this_process_saved(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.claims.add(Claim((date(2026, 3, 2),), "Aetna", "240.00"))
    kept_attention.attention_now(repo, TODAY)  # what is in memory was never read from disk
    assert not derived.derived_path(data_file).exists()
