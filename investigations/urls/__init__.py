from investigations.urls import dashboard, follow_up, hypotheses, logs, outcome

app_name = "investigations"
urlpatterns = (
    logs.urlpatterns
    + follow_up.urlpatterns
    + hypotheses.urlpatterns
    + outcome.urlpatterns
    + dashboard.urlpatterns
)
