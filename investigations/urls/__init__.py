from investigations.urls import (
    check_in,
    dashboard,
    follow_up,
    hypotheses,
    logs,
    next_step,
    outcome,
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
)
