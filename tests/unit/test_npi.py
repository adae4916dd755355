"""The NPI check digit: Luhn over 80840 + the first nine digits."""

from __future__ import annotations

import pytest

from floortrack.billing.npi import npi_check_digit, npi_problem, valid_npi


def test_the_cms_example_npi_passes_and_every_one_digit_typo_fails() -> None:
    assert valid_npi("1234567893")  # the example in CMS's NPI check-digit write-up
    assert npi_check_digit("123456789") == 3
    for position in range(10):
        for digit in "0123456789":
            typo = "1234567893"[:position] + digit + "1234567893"[position + 1 :]
            if typo != "1234567893":
                assert not valid_npi(typo), typo


@pytest.mark.parametrize(
    ("npi", "words"),
    [("", "no NPI"), ("12345", "not 10 digits"), ("1234567890", "should be 3")],
)
def test_problems_are_worded(npi: str, words: str) -> None:
    problem = npi_problem(npi)
    assert problem is not None and words in problem
    assert npi_problem("1234567893") is None
