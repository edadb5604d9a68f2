from django import template

from reports.typography import french_spacing

register = template.Library()


@register.filter(is_safe=True)
def french(value):
    """French non-breaking spaces (reports.typography). The characters added
    are not HTML-special: escaped text stays escaped, safe text stays safe."""
    return french_spacing(str(value))
