"""A bad ?year= never reaches a 500 (it is ignored or replaced by a sensible default)."""

import pytest
from django.urls import reverse

from tests.conftest import logged_in

BAD_YEARS = ["-1", "0", "9999", "10000", "99999", "9" * 25, "abc", ""]


@pytest.mark.parametrize("year", BAD_YEARS)
def test_appeals_list(client, head, year):
    assert logged_in(client, head).get(reverse("appeals:list"), {"year": year}).status_code == 200


@pytest.mark.parametrize("year", BAD_YEARS)
def test_calendar_page(client, clerk, year):
    assert logged_in(client, clerk).get(reverse("workdays:calendar"), {"year": year}).status_code == 200


@pytest.mark.parametrize("year", BAD_YEARS)
def test_catalog_registry(client, head, agency, year):
    response = logged_in(client, head).get(reverse("catalog:registry", args=[agency.code]), {"year": year})
    assert response.status_code == 200
