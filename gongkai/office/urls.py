from django.urls import path

from . import views

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
    path("reports/<int:pk>/publish/", views.report_publish, name="report_publish"),
    path("reports/<int:pk>/amend/", views.report_amend, name="report_amend"),
    path("reports/<int:pk>/download/<str:kind>/", views.report_download, name="report_download"),
]
