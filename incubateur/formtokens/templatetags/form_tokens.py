from django import template
from django.utils.html import format_html

from incubateur.formtokens.services import FIELD_NAME, new_form_token

register = template.Library()


@register.simple_tag
def form_token():
    """A hidden field with a new token: each page shown is one form, sent once."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_form_token())
