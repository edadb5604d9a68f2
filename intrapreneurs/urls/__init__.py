from intrapreneurs.urls import call, selection

app_name = "intrapreneurs"
urlpatterns = call.urlpatterns + selection.urlpatterns
