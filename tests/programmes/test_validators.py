import pytest
from django.core.exceptions import ValidationError

from programmes.models import Collectivity
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


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("insee_code", "76351"),
        ("insee_code", "2A004"),
        ("departement_code", "76"),
        ("departement_code", "974"),
        ("departement_code", "2B"),
    ],
)
def test_insee_and_departement_codes_accept_ascii_digits(field, value):
    Collectivity._meta.get_field(field).run_validators(value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        # Arabic-Indic, Devanagari and full-width digits match \d, not [0-9].
        ("insee_code", "٧٦٣٥١"),
        ("insee_code", "2A००४"),
        ("insee_code", "７６３５１"),
        ("departement_code", "٧٦"),
        ("departement_code", "７６"),
        ("insee_code", "7635"),
        ("departement_code", "2C"),
        ("departement_code", "76\n"),
    ],
)
def test_insee_and_departement_codes_refuse_other_digits(field, value):
    with pytest.raises(ValidationError):
        Collectivity._meta.get_field(field).run_validators(value)
