"""Validators for personal data fields."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def is_valid_bsn(value: str) -> bool:
    """The BSN 11-test ('elfproef'): 9 digits, 9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11.

    Source: Wet algemene bepalingen burgerservicenummer, art. 2 / Logius BSN specification.
    """
    if len(value) != 9 or not value.isdigit() or value == "000000000":
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0


def validate_bsn(value: str) -> None:
    if not is_valid_bsn(value):
        raise ValidationError(
            _("%(value)s is not a valid BSN: it must be 9 digits and pass the 11-test."),
            code="invalid_bsn",
            params={"value": value},
        )
