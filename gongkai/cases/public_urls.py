"""Public pages (mounted at the site root): the online application form of one agency and the tracking page."""

from django.urls import path

from . import public_views

app_name = "apply"

urlpatterns = [
    path("track/", public_views.track, name="track"),
    path("apply/done/", public_views.done, name="done"),
    path("<slug:code>/apply/", public_views.form, name="form"),
]
