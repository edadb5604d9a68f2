"""DSFR markup rules that a rendered page does not reveal to Django's test client."""

import re
from pathlib import Path

from django.conf import settings

BUTTON_GROUP = re.compile(r'<ul class="(fr-btns-group[^"]*)"(.*?)</ul>', re.S)
ICON_BUTTON = re.compile(r'class="fr-btn\b[^"]*\bfr-icon-')


def test_icon_buttons_in_a_group_keep_their_text():
    """In an `fr-btns-group` of any size without an `fr-btns-group--icon-*` modifier, the
    DSFR shrinks every button with an icon to a square (40 pixels, 32 in a small group,
    48 in a large one) and hides its text."""
    squeezed = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if template.name == "user_menu.html":  # the header's tools have their own rules
            continue
        for match in BUTTON_GROUP.finditer(template.read_text()):
            classes, body = match.groups()
            if "fr-btns-group--icon-" in classes:
                continue
            if ICON_BUTTON.search(body):
                squeezed.append(str(template.relative_to(settings.BASE_DIR)))
    assert squeezed == []
