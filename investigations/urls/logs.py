from django.urls import path

from investigations.views import logs as views

urlpatterns = [
    path("investigations/<int:pk>/", views.investigation_detail, name="investigation_detail"),
    path(
        "investigations/<int:pk>/semaines/<int:week>/journal/",
        views.log_form,
        name="log_form",
    ),
    path(
        "investigations/<int:pk>/journaux/<int:log_pk>/pieces-jointes/<int:attachment_pk>/",
        views.log_attachment_download,
        name="log_attachment_download",
    ),
]
