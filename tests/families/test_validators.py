import pytest
from django.core.exceptions import ValidationError

from herenigd.families.validators import is_valid_bsn, validate_bsn


@pytest.mark.parametrize(
    ("bsn", "valid"),
    [
        ("111222333", True),  # 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-3 = 66 = 6*11
        ("123456782", True),  # 9+16+21+24+25+24+21+16-2 = 154 = 14*11
        ("123456789", False),  # 161: not divisible by 11
        ("111222334", False),  # one digit off
        ("000000000", False),  # passes the sum, but is no number
        ("12345678", False),  # too short
        ("1234567820", False),  # too long
        ("12345678a", False),
        ("", False),
    ],
)
def test_bsn_eleven_test(bsn, valid):
    assert is_valid_bsn(bsn) is valid


def test_validate_bsn_raises_clear_error():
    with pytest.raises(ValidationError) as exc:
        validate_bsn("123456789")
    assert exc.value.code == "invalid_bsn"
    validate_bsn("123456782")  # no exception
