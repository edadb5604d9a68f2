"""ProConnect's login and callback, which allauth mounts among its own URLs.

allauth includes `<provider package>.urls` for each registered provider; ProConnectProvider
lives in this package, so these routes replace the generic OpenID Connect ones, whose views
would bypass our adapter. No `app_name`: allauth's templates reverse these names as is.
"""

from allauth.socialaccount import app_settings
from django.urls import include, path

from incubateur.accounts.proconnect import views

urlpatterns = [
    path(
        f"{app_settings.OPENID_CONNECT_URL_PREFIX}/<str:provider_id>/",
        include(
            [
                path("login/", views.login, name="openid_connect_login"),
                path("login/callback/", views.callback, name="openid_connect_callback"),
            ]
        ),
    )
]
