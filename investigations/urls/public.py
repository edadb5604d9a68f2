from django.urls import path

from investigations.views import public

urlpatterns = [
    path("problemes-publics/", public.public_problem_list, name="public_problem_list"),
    path("problemes-publics/<slug:slug>/", public.public_problem, name="public_problem"),
    path("api/problemes.json", public.api_problems, name="api_problems"),
    path("api/schema.json", public.api_schema, name="api_schema"),
    path("api/", public.api_docs, name="api_docs"),
]
