from django.urls import path

from incubateur.calendars import views

app_name = "calendars"
urlpatterns = [
    path("calendrier/<str:token>.ics", views.feed, name="feed"),
    path("mon-compte/agenda/", views.subscription, name="subscription"),
    path(
        "programmes/<slug:slug>/calendrier.ics",
        views.programme_download,
        name="programme_download",
    ),
]
