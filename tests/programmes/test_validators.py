import pytest
from django.core.exceptions import ValidationError

from programmes.validators import siren_is_valid, siret_is_valid, validate_siren


@pytest.mark.parametrize(
    "siren",
    [
        "217603513",  # Ville du Havre
        "200084952",  # Le Havre Seine Métropole
        "356000000",  # La Poste
    ],
)
def test_real_sirens_are_valid(siren):
    validate_siren(siren)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("217603514", "checksum"),
        ("21760351", "format"),
        ("2176035133", "format"),
        ("21760351A", "format"),
        ("", "format"),
    ],
)
def test_invalid_sirens_are_refused_in_french(value, code):
    with pytest.raises(ValidationError) as error:
        validate_siren(value)

    assert error.value.code == code
    assert "SIREN" in error.value.messages[0]


def test_siren_checksum_is_luhn():
    assert siren_is_valid("732829320")
    assert not siren_is_valid("732829321")


def test_la_poste_establishments_follow_the_sum_of_digits_rule():
    # Their SIRETs break Luhn; INSEE's rule for them is a digit sum divisible by 5.
    assert siret_is_valid("35600000049837")  # digit sum 45, not a Luhn number
    assert not siret_is_valid("35600000012345")  # digit sum 29
    assert siret_is_valid("35600000000048")  # the head office follows Luhn


def test_ordinary_sirets_follow_luhn():
    assert siret_is_valid("21760351300003")
    assert not siret_is_valid("21760351300004")
    assert not siret_is_valid("2176035130001")  # 13 digits
    assert not siret_is_valid("2176035130001A")
