from django.urls import path

from investigations.views import next_step

urlpatterns = [
    path("investigations/<int:pk>/suite/", next_step.next_step, name="next_step"),
]
