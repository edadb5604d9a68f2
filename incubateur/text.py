"""Bounds on what people type, shared by every app: how long a text may be, which
characters it may hold, which digits a number is written with.

- Every text field has a maximum length, checked by the model and by its form, with a
  French message that gives the limit and the count (what was typed is shown back).
  The limits keep the PDF reports short enough to render within their time limit.
- Control characters (NUL included) are invisible and useless in what people write:
  our text fields strip them, keeping tabs and line breaks. PostgreSQL refuses NUL in a
  text column; stripping everywhere makes SQLite and PostgreSQL agree.
- Counts and figures are written with ASCII digits: Python's int() reads Arabic-Indic
  or full-width digits, which no one here means to type and no export expects."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Lengths, by what the text is.
NAME = 200  # a title, a name, a service
SENTENCE = 500  # a hypothesis
NOTE = 2000  # a message, a note, a comment on one criterion, a proposal
TEXT = 5000  # a problem's fields, a comment, what a log says of the week
LONG_TEXT = 10000  # what a whole investigation established

# Per field of the weekly log: the report prints the learnings and the activities of
# every log, so they are the ones to keep short.
LOG_LEARNINGS = 3000
LOG_FIELD = 2000

TOO_LONG = _(
    "Ce texte est trop long : %(show_value)d caractères pour %(limit_value)d au plus. "
    "Raccourcissez-le."
)
NOT_ASCII_DIGITS = _("Écrivez ce nombre avec les chiffres 0 à 9.")

# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value)


def has_non_ascii_digits(value: str) -> bool:
    return any(character.isdigit() and not character.isascii() for character in value)


class CleanCharField(forms.CharField):
    """A form's text: control characters stripped, the length message in French."""

    default_error_messages = {"max_length": TOO_LONG}

    def to_python(self, value):
        if isinstance(value, str):
            value = strip_control_characters(value)
        return super().to_python(value)


class _BoundedMixin:
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CleanCharField, **kwargs})


class BoundedTextField(_BoundedMixin, models.TextField):
    """A TextField whose max_length the model checks too (Django's TextField only passes
    it to the form)."""

    default_error_messages = {"max_length": TOO_LONG}

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))


class BoundedCharField(_BoundedMixin, models.CharField):
    default_error_messages = {"max_length": TOO_LONG}


class AsciiDigitsMixin:
    default_error_messages = {"not_ascii": NOT_ASCII_DIGITS}

    def to_python(self, value):
        if isinstance(value, str) and has_non_ascii_digits(value):
            raise ValidationError(self.error_messages["not_ascii"], code="not_ascii")
        return super().to_python(value)


class AsciiIntegerField(AsciiDigitsMixin, forms.IntegerField):
    pass


class AsciiDecimalField(AsciiDigitsMixin, forms.DecimalField):
    pass


# What mail servers accept (RFC 5321): 64 characters before the @, 254 in all, as our
# email columns (Django's EmailField) store.
EMAIL_MAX_LENGTH = 254
EMAIL_LOCAL_PART_MAX_LENGTH = 64


class EmailAddressField(forms.EmailField):
    """An email address that a mail server will take and our columns can store."""

    default_error_messages = {
        "max_length": _(
            "Cette adresse est trop longue : %(show_value)d caractères pour %(limit_value)d "
            "au plus."
        ),
        "local_part": _(
            "La partie avant « @ » de cette adresse est trop longue : %(limit)d caractères au plus."
        ),
    }

    def __init__(self, **kwargs):
        kwargs["max_length"] = min(kwargs.get("max_length") or EMAIL_MAX_LENGTH, EMAIL_MAX_LENGTH)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and len(value.rpartition("@")[0]) > EMAIL_LOCAL_PART_MAX_LENGTH:
            raise ValidationError(
                self.error_messages["local_part"],
                code="local_part",
                params={"limit": EMAIL_LOCAL_PART_MAX_LENGTH},
            )
