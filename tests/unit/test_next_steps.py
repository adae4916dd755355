"""Every next-step kind billing can return is worded by both front ends, without commands in
the TUI and with one in the CLI where there is a command for it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from floortrack.billing.attention import STEP_KINDS, NextStep
from floortrack.cli.next_steps import command, worded
from floortrack.tui.next_steps import WORDING, claims_key, key_text


@pytest.mark.parametrize("kind", STEP_KINDS)
def test_every_kind_has_both_wordings(kind: str) -> None:
    step = NextStep(kind, claim_id=3, code="CO-97", amount=Decimal("46.00"))
    assert kind in WORDING
    assert "floortrack" not in key_text(step)
    assert worded("Do it.", step).startswith("Do it.")


def test_cli_words_a_payment_as_the_command_to_type() -> None:
    step = NextStep("record_payment", claim_id=3, amount=Decimal("46.00"))
    assert command(step) == "floortrack claim pay 3 --amount 46.00"
    assert claims_key(step) == "p"
    assert key_text(step) == "Press enter to record your payment (p on Claims)."


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        NextStep("pay_now")
