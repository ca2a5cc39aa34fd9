from django.urls import include, path

urlpatterns = [
    path("office/cases/", include("gongkai.cases.urls")),
    path("office/catalog/", include("gongkai.catalog.urls")),
    path("office/appeals/", include("gongkai.appeals.urls")),
    path("office/import/", include("gongkai.importer.urls")),
    path("office/calendar/", include("gongkai.workdays.urls")),
    path("office/agencies/", include("gongkai.agencies.urls")),
    path("office/account/", include("gongkai.accounts.urls")),
    path("office/supervision/", include("gongkai.supervision.urls")),
    path("office/", include("gongkai.office.urls")),
    path("", include("gongkai.cases.public_urls")),   # apply/track before the portal's <code>/ routes
    path("", include("gongkai.portal.urls")),
]

handler404 = "gongkai.portal.views.not_found"
handler500 = "gongkai.portal.views.server_error"
handler403 = "gongkai.portal.views.forbidden"
