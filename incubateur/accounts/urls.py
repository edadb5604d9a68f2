from django.urls import path

from incubateur.accounts import views

app_name = "accounts"
urlpatterns = [
    path("comptes/profil/", views.profile, name="profile"),
]
