from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("sent/<slug:code>/", views.sent, name="sent"),
    path("received/<slug:code>/", views.received, name="received"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reissue/", views.reissue, name="reissue"),
]
