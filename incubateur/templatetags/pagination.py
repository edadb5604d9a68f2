from django import template

register = template.Library()


@register.filter
def elided_page_range(page):
    """The page numbers around the current one, with the first and last, and an ellipsis
    for the others: the pagination stays the same size however many pages there are."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
