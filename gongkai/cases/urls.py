from django.urls import path

from . import case_views, dossier_views, settings_views, views

app_name = "cases"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("list/", views.dashboard, name="list"),
    path("new/", views.register, name="register"),
    path("batch/", views.batch_action, name="batch"),
    path("<int:pk>/", case_views.detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", case_views.action, name="action"),
    path("letters/<int:pk>/", views.letter_view, name="letter"),
    path("<int:pk>/dossier/", dossier_views.case_dossier, name="dossier"),
    path("letters/<int:pk>/docx/", dossier_views.letter_docx, name="letter_docx"),
    path("letters/<int:pk>/pdf/", dossier_views.letter_pdf, name="letter_pdf"),
    path("letters/<int:pk>/receipt/", dossier_views.delivery_receipt, name="delivery_receipt"),
    path("letters/<int:pk>/deliver/", case_views.letter_deliver, name="letter_deliver"),
    path("files/<int:pk>/", case_views.case_file, name="file"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<slug:kind>/", views.template_edit, name="template_edit"),
    path("ledger/export/", views.ledger_export, name="ledger_export"),
    path("ledger/import/", views.ledger_import, name="ledger_import"),
    path("settings/<slug:code>/", settings_views.settings_page, name="settings"),
    path("deadline-changes/<int:pk>/ack/", views.deadline_change_ack, name="deadline_change_ack"),
]
