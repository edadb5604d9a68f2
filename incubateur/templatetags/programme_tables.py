from django import template
from django.template.loader import render_to_string

from incubateur import fragments

register = template.Library()


@register.simple_tag
def programme_table(programme_rows):
    """incubateur/includes/programme_table.html for these rows, kept in the cache until
    one of their programmes changes: drawing its rows was most of an admin's home."""
    return fragments.cached(
        "programme_table",
        [fragments.programme_scope(row["programme"].pk) for row in programme_rows],
        lambda: (
            render_to_string(
                "incubateur/includes/programme_table.html", {"programme_rows": programme_rows}
            ),
            None,
        ),
        vary=tuple(
            (row["programme"].pk, row["is_member"], row["on_committee"]) for row in programme_rows
        ),
    )
