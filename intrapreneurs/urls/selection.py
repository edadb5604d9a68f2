from django.urls import path

from intrapreneurs.views import selection as views
from intrapreneurs.views import themes

urlpatterns = [
    path(
        "programmes/<slug:slug>/selection/",
        views.selection_list,
        name="selection_list",
    ),
    path(
        "programmes/<slug:slug>/selection/finaliser/",
        views.selection_finalise,
        name="selection_finalise",
    ),
    path(
        "programmes/<slug:slug>/selection/<int:pk>/",
        views.selection_detail,
        name="selection_detail",
    ),
    path(
        "programmes/<slug:slug>/selection/<int:pk>/statut/",
        views.submission_status,
        name="submission_status",
    ),
    path(
        "programmes/<slug:slug>/selection/<int:pk>/equipe/",
        views.team_assign,
        name="team_assign",
    ),
    path(
        "programmes/<slug:slug>/selection/<int:pk>/thematiques/",
        themes.submission_themes,
        name="submission_themes",
    ),
]
