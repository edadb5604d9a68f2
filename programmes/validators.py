from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE_SIRET = "35600000000048"


def _ascii_digits(value: str) -> bool:
    # str.isdigit() also accepts "²" (which int() refuses) and other scripts' digits.
    return value.isascii() and value.isdigit()


def luhn_is_valid(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def siren_is_valid(value: str) -> bool:
    return len(value) == 9 and _ascii_digits(value) and luhn_is_valid(value)


def siret_is_valid(value: str) -> bool:
    if len(value) != 14 or not _ascii_digits(value):
        return False
    # La Poste's establishments break the Luhn rule: theirs is "sum of digits divisible
    # by 5" (INSEE), except for the head office, which follows Luhn.
    if value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_HEAD_OFFICE_SIRET:
        return sum(int(c) for c in value) % 5 == 0
    return luhn_is_valid(value)


def validate_siren(value: str) -> None:
    if len(value) != 9 or not _ascii_digits(value):
        raise ValidationError(_("Le SIREN doit compter exactement 9 chiffres."), code="format")
    if not siren_is_valid(value):
        raise ValidationError(
            _("Ce SIREN n’est pas valide (la clé de contrôle ne correspond pas)."),
            code="checksum",
        )
