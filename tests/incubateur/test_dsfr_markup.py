"""DSFR markup rules that a rendered page does not reveal to Django's test client."""

import re
from pathlib import Path

from django.conf import settings

BUTTON_GROUP = re.compile(r'<ul class="(fr-btns-group[^"]*)"(.*?)</ul>', re.S)
ICON_BUTTON = re.compile(r'class="fr-btn\b[^"]*\bfr-icon-')


def test_icon_buttons_in_a_group_keep_their_text():
    """In a medium `fr-btns-group` without an `fr-btns-group--icon-*` modifier, the DSFR
    shrinks every button with an icon to a 40-pixel square and hides its text."""
    squeezed = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if template.name == "user_menu.html":  # the header's tools have their own rules
            continue
        for match in BUTTON_GROUP.finditer(template.read_text()):
            classes, body = match.groups()
            sized = any(f"fr-btns-group--{size}" in classes.split() for size in ("sm", "lg"))
            if sized or "fr-btns-group--icon-" in classes:
                continue
            if ICON_BUTTON.search(body):
                squeezed.append(str(template.relative_to(settings.BASE_DIR)))
    assert squeezed == []
