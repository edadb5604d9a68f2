import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# The key holds the chart's whole content, so an entry is never stale: a write that
# changes the figures changes the key. The timeout only lets unused entries go.
CHART_CACHE_SECONDS = 24 * 60 * 60


@register.simple_tag
def cached_chart(template_name: str, chart):
    """A chart's markup (`template_name` from includes/charts/, given only `chart`),
    rendered once per content and language: drawing the SVG is most of a dashboard's
    template time, and its figures change far less often than the page is seen."""
    digest = hashlib.sha256(repr(chart).encode()).hexdigest()
    key = f"chart:{template_name}:{get_language()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(template_name, {"chart": chart})
        cache.set(key, str(html), CHART_CACHE_SECONDS)
    # Rendered by our own template, which escapes every value.
    return mark_safe(html)  # noqa: S308
