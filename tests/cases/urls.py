"""The project URLs plus the public application pages mounted at the root, as the lead is asked to do."""

from django.urls import include, path

from gongkai.urls import handler403, handler404, handler500  # noqa: F401
from gongkai.urls import urlpatterns as project

urlpatterns = [path("", include("gongkai.cases.public_urls")), *project]
