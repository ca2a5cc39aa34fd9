from django.urls import path

from . import views

app_name = "workdays"

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("notice/", views.enter_notice, name="enter_notice"),
    path("notice/preview/", views.notice_preview, name="notice_preview"),
    path("notice/apply/", views.notice_apply, name="notice_apply"),
    path("day/", views.set_day, name="set_day"),
]
