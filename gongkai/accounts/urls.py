from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("password/", views.password, name="password"),
    path("totp/", views.totp, name="totp"),
    path("login/code/", views.login_otp, name="login_otp"),
    path("agency/<slug:code>/", views.agency_security, name="agency_security"),
    path("agency/<slug:code>/staff/<int:pk>/password/", views.reset_password, name="reset_password"),
]
