from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("new/", views.appeal_new, name="new"),
    path("<int:pk>/", views.appeal_detail, name="detail"),
    path("<int:pk>/edit/", views.appeal_update, name="update"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
]
