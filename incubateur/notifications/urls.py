from django.urls import path

from incubateur.notifications import views

app_name = "notifications"
urlpatterns = [
    path("courriels/preferences/", views.preferences, name="preferences"),
    path(
        "courriels/desabonnement/<str:token>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
]
