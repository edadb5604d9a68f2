from django.urls import path

from investigations.views import outcome

urlpatterns = [
    path(
        "investigations/<int:pk>/jalons/<int:milestone_pk>/",
        outcome.milestone_update,
        name="milestone_update",
    ),
    path("investigations/<int:pk>/comite/", outcome.committee_review, name="committee_review"),
    path("investigations/<int:pk>/conclusion/", outcome.conclusion, name="conclusion"),
]
