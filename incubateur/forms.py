"""Form fields shared by the apps' forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "fr-upload"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_clean(item, initial) for item in data]
        return [single_clean(data, initial)] if data else []


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, except that an id too large for the database is an invalid choice like
    any unknown id. SQLite raises OverflowError on such an id in `pk__in` (a 500); the
    lookups by one id (`pk=`) already treat it as missing."""

    def _check_values(self, value):
        options = self.queryset.model._meta
        model_field = options.get_field(self.to_field_name) if self.to_field_name else options.pk
        operations = connections[self.queryset.db].ops
        if model_field.get_internal_type() not in operations.integer_field_ranges:
            return super()._check_values(value)
        low, high = operations.integer_field_range(model_field.get_internal_type())
        for item in value:
            try:
                number = int(item)
            except (TypeError, ValueError):
                continue  # Not a number: Django's own check reports it.
            if (low is not None and number < low) or (high is not None and number > high):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)
