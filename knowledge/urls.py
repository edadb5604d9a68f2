from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("recherche/", views.search_page, name="search"),
    path("recherche/deja-investigue/", views.similar_problems, name="similar_problems"),
]
