from django.urls import path

from investigations.views import hypotheses

urlpatterns = [
    path(
        "investigations/<int:pk>/hypotheses/",
        hypotheses.hypothesis_board,
        name="hypothesis_board",
    ),
    path(
        "investigations/<int:pk>/hypotheses/<int:hypothesis_pk>/",
        hypotheses.hypothesis_update,
        name="hypothesis_update",
    ),
]
