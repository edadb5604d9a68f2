from django.urls import path, register_converter

from programmes.views import (
    collectivities,
    dashboard,
    exports,
    invitations,
    national,
    programmes,
    reports,
)


class TokenConverter:
    """An invitation token as `new_token()` makes them (URL-safe base64): anything else,
    a NUL byte that PostgreSQL would refuse included, is a 404 without a query."""

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")

app_name = "programmes"
urlpatterns = [
    path("collectivites/", collectivities.collectivity_list, name="collectivity_list"),
    path("collectivites/nouvelle/", collectivities.collectivity_create, name="collectivity_create"),
    path("collectivites/<int:pk>/", collectivities.collectivity_detail, name="collectivity_detail"),
    path(
        "collectivites/<int:pk>/modifier/",
        collectivities.collectivity_update,
        name="collectivity_update",
    ),
    path(
        "collectivites/<int:pk>/inviter/",
        collectivities.invitation_create,
        name="invitation_create",
    ),
    path(
        "collectivites/<int:pk>/invitations/<int:invitation_pk>/annuler/",
        collectivities.invitation_cancel,
        name="invitation_cancel",
    ),
    path("invitations/<token:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/nouveau/", programmes.programme_create, name="programme_create"),
    path("programmes/<slug:slug>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<slug:slug>/modifier/", programmes.programme_update, name="programme_update"),
    path(
        "programmes/<slug:slug>/tableau-de-bord/",
        dashboard.programme_dashboard,
        name="programme_dashboard",
    ),
    path(
        "programmes/<slug:slug>/statut/",
        programmes.programme_transition,
        name="programme_transition",
    ),
    path(
        "programmes/<slug:slug>/texte-de-l-appel/",
        programmes.call_content_update,
        name="call_content_update",
    ),
    path(
        "programmes/<slug:slug>/clore-l-appel/",
        programmes.close_call_confirm,
        name="close_call_confirm",
    ),
    path("programmes/<slug:slug>/rapports/", reports.report_list, name="report_list"),
    path(
        "programmes/<slug:slug>/rapports/demander/",
        reports.report_request,
        name="report_request",
    ),
    path("investigations/<int:pk>/fiche/", reports.sheet_request, name="sheet_request"),
    path("rapports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("rapports/<int:pk>/reessayer/", reports.report_retry, name="report_retry"),
    path("rapports/<int:pk>/telecharger/", reports.report_download, name="report_download"),
    path("tableau-de-bord-national/", national.national_dashboard, name="national_dashboard"),
    path(
        "programmes/<slug:slug>/exports/<str:kind>.csv",
        exports.programme_export,
        name="programme_export",
    ),
    path("exports/<str:kind>.csv", exports.export, name="export"),
]
