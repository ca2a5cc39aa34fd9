from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("<slug:code>/", views.settings_page, name="settings"),
    path("<slug:code>/save/", views.settings_save, name="settings_save"),
    path("<slug:code>/staff/", views.staff_create, name="staff_create"),
    path("<slug:code>/staff/<int:pk>/revoke/", views.staff_revoke, name="staff_revoke"),
]
