from django.urls import path

from programmes.views import collectivities, dashboard, invitations, national, programmes

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
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
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
    path("tableau-de-bord-national/", national.national_dashboard, name="national_dashboard"),
]
