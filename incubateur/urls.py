from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import TemplateView

from incubateur import health, views
from incubateur.privacy import views as privacy_views

# Admins sign in through allauth too, so its rate limits and verification apply.
admin.site.login = login_required(admin.site.login)
admin.site.site_header = "Investigations — Incubateur des territoires"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("accueil/", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path(
        "mentions-legales/",
        TemplateView.as_view(template_name="incubateur/legal/mentions_legales.html"),
        name="legal_notice",
    ),
    path(
        "accessibilite/",
        TemplateView.as_view(template_name="incubateur/legal/accessibilite.html"),
        name="accessibility",
    ),
    path("donnees-personnelles/", privacy_views.policy, name="privacy"),
    path("", include("programmes.urls")),
    path("", include("intrapreneurs.urls")),
    path("", include("investigations.urls")),
    path("", include("knowledge.urls")),
    path("", include("incubateur.notifications.urls")),
    path("", include("incubateur.privacy.urls")),
    path("", include("incubateur.calendars.urls")),
    path("", include("incubateur.accounts.urls")),
    path("comptes/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
