"""Themes (thématiques): the admin-edited vocabulary that says what kind of problem a
submission is, so that collectivités meeting similar problems find each other."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    # Used in filter URLs and in the open data: stable even if the name is reworded.
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)

    class Meta:
        app_label = "intrapreneurs"
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")
        ordering = ["name"]

    def __str__(self):
        return self.name
