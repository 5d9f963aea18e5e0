"""ИИН / БИН validation (DOMAIN.md §1), with examples and properties."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from akimdesk.domain.identity import (
    check_digit,
    iin_info,
    make_bin,
    make_iin,
    validate_bin,
    validate_iin,
)

TODAY = date(2026, 11, 23)


def valid_iin(born: date, male: bool) -> str:
    for serial in range(1, 100):
        iin = make_iin(born, male, serial)
        if iin:
            return iin
    raise AssertionError


def test_check_digit_uses_second_weights_when_first_gives_10():
    # Find 11 digits whose first weighted sum is 10 mod 11 and check the fallback weights.
    for n in range(10**10, 10**10 + 5000):
        first = f"{n:011d}"
        s1 = sum(int(d) * w for d, w in zip(first, range(1, 12), strict=True)) % 11
        if s1 == 10:
            w2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
            s2 = sum(int(d) * w for d, w in zip(first, w2, strict=True)) % 11
            assert check_digit(first) == (None if s2 == 10 else s2)
            return
    raise AssertionError("no example found")


def test_valid_iin_and_its_facts():
    iin = valid_iin(date(1985, 3, 14), male=False)
    assert validate_iin(iin, TODAY) is None
    info = iin_info(iin)
    assert info and info.birth_date == date(1985, 3, 14) and not info.male


def test_wrong_check_digit():
    iin = valid_iin(date(1990, 1, 2), True)
    wrong = iin[:11] + str((int(iin[11]) + 1) % 10)
    assert validate_iin(wrong, TODAY) == "The check digit does not match: the number is mistyped."


def test_impossible_birth_date_and_century():
    # 31 February; then a century digit 7 — both with a correct check digit.
    for bad in ("850231", "850101"):
        century = "3" if bad == "850231" else "7"
        first = f"{bad}{century}0123"
        c = check_digit(first)
        if c is None:
            first = f"{bad}{century}0124"
            c = check_digit(first)
        err = validate_iin(first + str(c), TODAY)
        assert err is not None and ("birth date" in err or "7th digit" in err)


def test_future_birth_date():
    iin = valid_iin(date(2030, 1, 1), True)
    assert validate_iin(iin, TODAY) == "The birth date in the number is in the future."


def test_shape_errors():
    assert validate_iin("12345", TODAY) == "Must be exactly 12 digits."
    assert validate_iin("12345678901a", TODAY) == "Must be exactly 12 digits."


def test_bin_rules():
    b = next(x for s in range(1, 50) if (x := make_bin(2008, 1, 4, s)))
    assert validate_bin(b) is None
    bad_month = "081340" + b[6:]
    assert validate_bin(bad_month[:11] + str(check_digit(bad_month[:11]) or 0)) is not None
    bad_type = b[:4] + "7" + b[5:11]
    c = check_digit(bad_type)
    if c is not None:
        assert "5th digit" in (validate_bin(bad_type + str(c)) or "")


@given(st.dates(date(1900, 1, 1), date(2025, 12, 31)), st.booleans(), st.integers(0, 9999))
def test_every_made_iin_validates(born, male, serial):
    iin = make_iin(born, male, serial)
    if iin is not None:
        assert validate_iin(iin, TODAY) is None
        assert iin_info(iin).birth_date == born


@given(st.text(max_size=20))
def test_validators_never_crash_on_any_text(text):
    validate_iin(text, TODAY)
    validate_bin(text, TODAY)


@given(st.from_regex(r"\A[0-9]{12}\Z"))
def test_a_changed_digit_is_caught(iin):
    if validate_iin(iin, TODAY) is None:
        i = 11
        changed = iin[:i] + str((int(iin[i]) + 3) % 10)
        assert validate_iin(changed, TODAY) is not None
