from django.urls import path

from investigations.views import follow_up

urlpatterns = [
    path(
        "investigations/<int:pk>/commentaires/",
        follow_up.comment_create,
        name="comment_create",
    ),
    path(
        "investigations/<int:pk>/seances/<int:session_pk>/presences/",
        follow_up.attendance_set,
        name="attendance_set",
    ),
    path(
        "investigations/<int:pk>/journaux/<int:log_pk>/rouvrir/",
        follow_up.log_reopen,
        name="log_reopen",
    ),
    path(
        "investigations/<int:pk>/journaux/<int:log_pk>/aide-traitee/",
        follow_up.help_handled,
        name="help_handled",
    ),
]
