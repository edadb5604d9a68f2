from django.urls import path

from investigations.views import fiche

urlpatterns = [
    path("investigations/<int:pk>/fiche-probleme/", fiche.fiche_form, name="fiche_form"),
    path(
        "investigations/<int:pk>/fiche-probleme/publication/",
        fiche.fiche_publication,
        name="fiche_publication",
    ),
    path(
        "investigations/<int:pk>/fiche-probleme/betagouv.md",
        fiche.fiche_betagouv,
        name="fiche_betagouv",
    ),
]
