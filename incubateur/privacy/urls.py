from django.urls import path

from incubateur.privacy import views

app_name = "privacy"
urlpatterns = [
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/telechargement/", views.download, name="download"),
    path("mes-donnees/suppression/", views.delete_account, name="delete_account"),
]
