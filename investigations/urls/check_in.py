from django.urls import path

from investigations.views import check_in

urlpatterns = [
    path("investigations/<int:pk>/suivi/<int:month>/", check_in.check_in, name="check_in"),
]
