from django.urls import path

from . import oversight_views, report_views, rollup_views, views

app_name = "office"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("agency/<slug:code>/reports/", views.report_list, name="report_list"),
    path("agency/<slug:code>/reports/new/", views.report_create, name="report_create"),
    path("agency/<slug:code>/audit/", views.audit_log, name="audit_log"),
    path("reports/<int:pk>/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/cells/", views.report_save_cells, name="report_save_cells"),
    path("reports/<int:pk>/narrative/", views.report_save_narrative, name="report_save_narrative"),
    path("reports/<int:pk>/validate/", report_views.report_validate, name="report_validate"),
    path("reports/<int:pk>/submit/", report_views.report_submit, name="report_submit"),
    path("reports/<int:pk>/approve/", report_views.report_approve, name="report_approve"),
    path("reports/<int:pk>/send-back/", report_views.report_send_back, name="report_send_back"),
    path("reports/<int:pk>/publish/", report_views.report_publish, name="report_publish"),
    path("reports/<int:pk>/narrative-editor/", report_views.report_narrative, name="report_narrative"),
    path("reports/<int:pk>/extras/", report_views.report_save_extras, name="report_save_extras"),
    path("reports/<int:pk>/history/", report_views.report_history, name="report_history"),
    path("agency/<slug:code>/oversight/", report_views.oversight, name="oversight"),
    path("agency/<slug:code>/rollup/", rollup_views.rollup_page, name="rollup"),
    path("agency/<slug:code>/rollup/download/<str:kind>/", rollup_views.rollup_download, name="rollup_download"),
    path("agency/<slug:code>/dashboard/", oversight_views.dashboard, name="dashboard"),
    path("agency/<slug:code>/dashboard.xlsx", oversight_views.dashboard_xlsx, name="dashboard_xlsx"),
    path("switch/", oversight_views.switch, name="switch"),
    path("reports/<int:pk>/amend/", views.report_amend, name="report_amend"),
    path("reports/<int:pk>/download/<str:kind>/", views.report_download, name="report_download"),
]
