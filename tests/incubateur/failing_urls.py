"""A URL that fails, to check the 500 page."""

from django.urls import path


def broken(request):
    raise RuntimeError("Boom")


urlpatterns = [path("casse/", broken)]
