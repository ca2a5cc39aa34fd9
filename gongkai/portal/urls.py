from django.urls import path

from . import catalog_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", catalog_views.search, name="search"),
    path("<slug:code>/", catalog_views.agency_home, name="agency"),
    path("<slug:code>/guide/", catalog_views.guide, name="guide"),
    path("<slug:code>/policies/", catalog_views.policies, name="policies"),
    path("<slug:code>/statutory/", catalog_views.statutory, name="statutory"),
    path("<slug:code>/catalog/", catalog_views.catalog, name="catalog"),
    path("<slug:code>/catalog/<int:pk>/", catalog_views.document, name="document"),
    path("<slug:code>/catalog/<int:pk>/files/<int:att>/", catalog_views.attachment, name="attachment"),
    path("<slug:code>/reports/", views.agency_reports, name="agency_reports"),
    path("<slug:code>/reports/<int:year>/", views.report_view, name="report"),
    path("<slug:code>/reports/<int:year>/download/<str:kind>/", views.report_download, name="report_download"),
]
