"""The agency switcher in the office header: the same page for another agency the user may see."""

from django.urls import reverse

from tests.conftest import logged_in


def _options(response):
    return {o["name"]: o["url"] for o in response.context["options"]} if "options" in response.context else {}


def test_on_a_page_with_the_agency_in_its_path_the_switcher_keeps_the_page(client, oversight, agency, other_agency):
    response = logged_in(client, oversight).get(reverse("office:report_list", args=[agency.code]))
    html = response.content.decode()
    assert 'data-action="navigate"' in html and 'id="id_switch_agency"' in html
    assert f'value="{reverse("office:report_list", args=[other_agency.code])}"' in html
    assert "测试县人民政府" in html and "测试县发展和改革局" in html


def test_on_a_list_with_agency_in_the_query_the_switcher_changes_only_that(client, oversight, agency, other_agency):
    response = logged_in(client, oversight).get(reverse("cases:dashboard"), {"agency": agency.code, "year": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/office/cases/?agency={other_agency.code}&amp;year=2025" in html


def test_someone_in_one_agency_sees_no_switcher(client, clerk, agency):
    html = logged_in(client, clerk).get(reverse("office:report_list", args=[agency.code])).content.decode()
    assert "id_switch_agency" not in html


def test_the_switch_without_script_goes_to_the_chosen_page_on_this_site_only(client, oversight, other_agency):
    logged_in(client, oversight)
    target = reverse("office:report_list", args=[other_agency.code])
    assert client.get(reverse("office:switch"), {"go": target}).url == target
    assert client.get(reverse("office:switch"), {"go": "https://evil.example/"}).url == reverse("office:home")
    assert client.get(reverse("office:switch"), {"go": "//evil.example/"}).url == reverse("office:home")


def test_the_switch_needs_a_login_and_a_get(client, oversight):
    assert client.get(reverse("office:switch"), {"go": "/office/"}).status_code == 302
    assert logged_in(client, oversight).post(reverse("office:switch")).status_code == 405
