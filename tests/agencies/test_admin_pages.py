"""Agency settings and staff management by the agency's 管理员."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.agencies.access import agencies_of
from gongkai.agencies.models import Membership, Role
from gongkai.audit.models import AuditEntry
from tests.conftest import logged_in

SETTINGS = {"short_name": "县商务局", "org_code": "", "office_name": "局办公室", "office_address": "人民路1号",
            "office_hours": "工作日 9:00—17:00", "office_phone": "0537-1234567", "office_fax": "",
            "office_email": "gk@example.gov.cn", "website": "测试县政府网站", "letter_prefix": "测商公开"}


def test_admin_edits_the_agency_settings_and_it_is_audited(client, admin_user, agency):
    response = logged_in(client, admin_user).post(reverse("agencies:settings_save", args=[agency.code]), SETTINGS,
                                                  follow=True)
    assert "机关设置已保存" in response.content.decode()
    agency.refresh_from_db()
    assert agency.office_address == "人民路1号"
    entry = AuditEntry.objects.get(action="agency.update")
    assert entry.data["after"]["office_address"] == "人民路1号"


def test_a_bad_email_is_a_chinese_message_beside_the_field_not_a_500(client, admin_user, agency):
    response = logged_in(client, admin_user).post(reverse("agencies:settings_save", args=[agency.code]),
                                                  {**SETTINGS, "office_email": "not-an-email"})
    html = response.content.decode()
    assert response.status_code == 200 and "格式不正确，应如 zhangsan@example.com" in html
    assert "Email" not in html and 'value="人民路1号"' in html


def test_settings_page_needs_the_admin_role(client, clerk, agency):
    assert logged_in(client, clerk).get(reverse("agencies:settings", args=[agency.code])).status_code == 403


def test_admin_of_another_agency_cannot_see_the_settings(client, agency, other_agency):
    from tests.conftest import make_user

    other_admin = make_user("otheradmin", other_agency, Role.ADMIN)
    assert logged_in(client, other_admin).get(reverse("agencies:settings", args=[agency.code])).status_code == 403


def test_settings_save_by_get_is_not_allowed(client, admin_user, agency):
    assert logged_in(client, admin_user).get(reverse("agencies:settings_save", args=[agency.code])).status_code == 405


def test_admin_opens_a_staff_account_with_roles(client, admin_user, agency):
    response = logged_in(client, admin_user).post(reverse("agencies:staff_create", args=[agency.code]), {
        "username": "newclerk", "full_name": "新经办", "password": "a-long-password-7", "roles": ["clerk", "reviewer"]},
        follow=True)
    assert "已为新经办开通账号" in response.content.decode()
    user = get_user_model().objects.get(username="newclerk")
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == {"clerk", "reviewer"}
    assert list(agencies_of(user)) == [agency]


@pytest.mark.parametrize(("post", "message"), [
    ({"username": "clerk", "full_name": "重名", "password": "a-long-password-7", "roles": ["clerk"]}, "已被使用"),
    ({"username": "x1", "full_name": "无岗位", "password": "a-long-password-7"}, "请至少选择一个岗位"),
    ({"username": "x2", "full_name": "弱密码", "password": "12345678", "roles": ["clerk"]}, "密码不符合要求"),
    ({"username": "x3", "full_name": "公开办", "password": "a-long-password-7", "roles": ["oversight"]},
     "只能设在本级人民政府"),
])
def test_bad_staff_input_is_refused_and_nothing_saved(client, admin_user, clerk, agency, post, message):
    before = get_user_model().objects.count()
    response = logged_in(client, admin_user).post(reverse("agencies:staff_create", args=[agency.code]), post,
                                                  follow=True)
    assert message in response.content.decode()
    assert get_user_model().objects.count() == before


def test_revoking_a_role_keeps_the_record_and_removes_access(client, admin_user, clerk, agency):
    membership = Membership.objects.get(user=clerk, agency=agency)
    logged_in(client, admin_user).post(reverse("agencies:staff_revoke", args=[agency.code, membership.pk]))
    membership.refresh_from_db()
    assert membership.active is False and not agencies_of(clerk).exists()
    assert AuditEntry.objects.filter(action="staff.role.revoke").exists()


def test_an_admin_cannot_revoke_their_own_admin_role(client, admin_user, agency):
    membership = Membership.objects.get(user=admin_user, agency=agency, role=Role.ADMIN)
    response = logged_in(client, admin_user).post(reverse("agencies:staff_revoke", args=[agency.code, membership.pk]),
                                                  follow=True)
    assert "不能撤销自己的管理员岗位" in response.content.decode()


def test_a_username_with_spaces_or_markup_is_refused(client, admin_user, agency):
    response = logged_in(client, admin_user).post(reverse("agencies:staff_create", args=[agency.code]), {
        "username": "evil user<script>", "full_name": "x", "password": "a-long-password-7", "roles": ["clerk"]},
        follow=True)
    assert "用户名只能包含" in response.content.decode()
    assert not get_user_model().objects.filter(username__startswith="evil").exists()
