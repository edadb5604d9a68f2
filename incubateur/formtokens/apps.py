from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormTokensConfig(AppConfig):
    name = "incubateur.formtokens"
    label = "formtokens"
    verbose_name = _("Envois de formulaires")
