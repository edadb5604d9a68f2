"""The national dashboard's filter of programmes by theme."""

from dsfr.forms import DsfrBaseForm

from intrapreneurs.forms.themes import theme_filter_field


class NationalThemeFilterForm(DsfrBaseForm):
    """Programmes with at least one submitted problem of the theme; an unknown theme is
    reported next to the field and left out."""

    theme = theme_filter_field()

    def apply(self, programmes):
        self.is_valid()
        theme = self.cleaned_data.get("theme")
        if theme is None:
            return programmes
        with_theme = theme.submissions.submitted().values("programme")
        return programmes.filter(pk__in=with_theme)
