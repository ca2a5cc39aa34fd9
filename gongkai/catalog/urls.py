from django.urls import path

from . import review_sheet, views

app_name = "catalog"

urlpatterns = [
    path("", views.office_list, name="office_list"),
    path("doc/<int:pk>/", views.doc_detail, name="doc"),
    path("doc/<int:pk>/edit/", views.doc_edit, name="doc_edit"),
    path("doc/<int:pk>/submit/", views.doc_submit, name="doc_submit"),
    path("doc/<int:pk>/review/", views.doc_review, name="doc_review"),
    path("doc/<int:pk>/reject/", views.doc_reject, name="doc_reject"),
    path("doc/<int:pk>/approve/", views.doc_approve, name="doc_approve"),
    path("doc/<int:pk>/validity/", views.doc_validity, name="doc_validity"),
    path("doc/<int:pk>/attach/", views.doc_attach, name="doc_attach"),
    path("doc/<int:pk>/review-sheet/", review_sheet.review_sheet_view, name="review_sheet"),
    path("doc/<int:pk>/files/<int:att>/", views.doc_file, name="doc_file"),
    path("registry/<int:pk>/repeal/", views.registry_repeal, name="registry_repeal"),
    path("<slug:code>/", views.dashboard, name="dashboard"),
    path("<slug:code>/new/", views.doc_new, name="doc_new"),
    path("<slug:code>/index-scheme/", views.index_scheme, name="index_scheme"),
    path("<slug:code>/registry/", views.registry_list, name="registry"),
    path("<slug:code>/registry/add/", views.registry_add, name="registry_add"),
    path("<slug:code>/figures/", views.figures, name="figures"),
    path("<slug:code>/figures/save/", views.figures_save, name="figures_save"),
    path("<slug:code>/figures/import/", views.figures_import, name="figures_import"),
]
