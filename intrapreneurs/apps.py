from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntrapreneursConfig(AppConfig):
    name = "intrapreneurs"
    verbose_name = _("Appel à problèmes et intrapreneurs")
