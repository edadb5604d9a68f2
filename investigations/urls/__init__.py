from investigations.urls import dashboard, fiche, follow_up, hypotheses, logs, outcome, public

app_name = "investigations"
urlpatterns = (
    logs.urlpatterns
    + follow_up.urlpatterns
    + hypotheses.urlpatterns
    + outcome.urlpatterns
    + dashboard.urlpatterns
    + fiche.urlpatterns
    + public.urlpatterns
)
