from django.urls import path

from . import settings_views, views

app_name = "cases"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("list/", views.dashboard, name="list"),
    path("new/", views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", views.action, name="action"),
    path("letters/<int:pk>/", views.letter_view, name="letter"),
    path("letters/<int:pk>/docx/", views.letter_docx, name="letter_docx"),
    path("letters/<int:pk>/deliver/", views.letter_deliver, name="letter_deliver"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<slug:kind>/", views.template_edit, name="template_edit"),
    path("ledger/export/", views.ledger_export, name="ledger_export"),
    path("ledger/import/", views.ledger_import, name="ledger_import"),
    path("settings/<slug:code>/", settings_views.settings_page, name="settings"),
    path("deadline-changes/<int:pk>/ack/", views.deadline_change_ack, name="deadline_change_ack"),
]
