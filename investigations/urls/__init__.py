from investigations.urls import (
    check_in,
    dashboard,
    fiche,
    follow_up,
    hypotheses,
    logs,
    next_step,
    outcome,
    public,
)

app_name = "investigations"
urlpatterns = (
    logs.urlpatterns
    + follow_up.urlpatterns
    + hypotheses.urlpatterns
    + outcome.urlpatterns
    + next_step.urlpatterns
    + check_in.urlpatterns
    + dashboard.urlpatterns
    + fiche.urlpatterns
    + public.urlpatterns
)
