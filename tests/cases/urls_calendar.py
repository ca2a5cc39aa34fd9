from django.urls import include, path

from gongkai.urls import handler403, handler404, handler500  # noqa: F401
from gongkai.urls import urlpatterns as project

urlpatterns = [path("office/calendar/", include("gongkai.workdays.urls")), *project]
