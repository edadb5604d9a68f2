from django.urls import path

from investigations.views import dashboard as views

urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
]
