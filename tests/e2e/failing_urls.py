"""The site's URLs plus one view that fails, to see the 500 page as production serves it."""

from django.urls import path

from incubateur.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("A deliberate failure, to render the 500 page.")


urlpatterns = [path("erreur-de-test/", failing_view), *site_urlpatterns]
