"""The NPI check digit (docs/BENEFITS.md, "Clinics").

An NPI is ten digits; the tenth is a Luhn check digit computed over the prefix 80840 followed
by the first nine digits. A mistyped NPI is the most common reason an insurer rejects a
superbill, and one wrong digit always fails this check.
"""

from __future__ import annotations

NPI_PREFIX = "80840"


def luhn_check_digit(digits: str) -> int:
    """The Luhn digit that makes `digits` + it pass (doubling every second digit from the
    right of the final number, i.e. from the rightmost digit of `digits`)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:  # these are doubled once the check digit is appended
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def npi_check_digit(first_nine: str) -> int:
    return luhn_check_digit(NPI_PREFIX + first_nine)


def valid_npi(npi: str) -> bool:
    """True if `npi` is ten digits whose last one is the check digit of the first nine."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    return npi_check_digit(npi[:9]) == int(npi[9])


def npi_problem(npi: str) -> str | None:
    """Why an NPI would be rejected, in plain words, or None if it passes."""
    if not npi:
        return "no NPI"
    if len(npi) != 10 or not npi.isdigit():
        return f"the NPI '{npi}' is not 10 digits"
    if not valid_npi(npi):
        return (
            f"the NPI {npi} fails its check digit (the last digit should be "
            f"{npi_check_digit(npi[:9])}): one of its digits is probably mistyped"
        )
    return None
