"""The Django admin, open only to admins (is_staff, Django's own check) who protect their
account with an authenticator app (allauth's two-factor authentication)."""

from functools import wraps

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class AdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        # Imported here: this module is loaded with INSTALLED_APPS, before the models.
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import is_mfa_enabled

        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def inner(request, *args, **kwargs):
            # Non-admins get Django's own answer (the admin's login page); admins without
            # a second factor are sent to set one up.
            if (
                settings.ADMIN_REQUIRE_MFA
                and self.has_permission(request)
                and not is_mfa_enabled(request.user, [Authenticator.Type.TOTP])
            ):
                messages.warning(
                    request,
                    _(
                        "L’administration est réservée aux comptes protégés par la double "
                        "authentification : activez une application d’authentification, "
                        "puis revenez à l’administration."
                    ),
                )
                return redirect("mfa_activate_totp")
            return guarded(request, *args, **kwargs)

        return inner


class AdminConfig(DjangoAdminConfig):
    default_site = "incubateur.admin_site.AdminSite"
