from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:code>/reports/", views.agency_reports, name="agency_reports"),
    path("<slug:code>/reports/<int:year>/", views.report_view, name="report"),
    path("<slug:code>/reports/<int:year>/download/<str:kind>/", views.report_download, name="report_download"),
]
