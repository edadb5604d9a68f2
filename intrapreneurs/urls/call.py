from django.urls import path

from intrapreneurs.views import call as views

urlpatterns = [
    path("programmes/<slug:slug>/appel/", views.call_detail, name="call_detail"),
    path(
        "programmes/<slug:slug>/appel/nouveau-probleme/",
        views.submission_create,
        name="submission_create",
    ),
    path(
        "programmes/<slug:slug>/appel/candidature/",
        views.candidacy_form,
        name="candidacy_form",
    ),
    path("problemes/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("problemes/<int:pk>/modifier/", views.submission_update, name="submission_update"),
    path("problemes/<int:pk>/retirer/", views.submission_withdraw_view, name="submission_withdraw"),
    path("problemes/<int:pk>/supprimer/", views.submission_delete_view, name="submission_delete"),
    path(
        "problemes/<int:pk>/pieces-jointes/<int:attachment_pk>/supprimer/",
        views.attachment_delete_view,
        name="attachment_delete",
    ),
    path(
        "problemes/<int:pk>/pieces-jointes/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
]
