"""Password rules beyond Django's: not the user name with a few characters around it."""

import re

from django.core.exceptions import ValidationError


class NotUsernameValidator:
    def validate(self, password, user=None):
        name = re.sub(r"[^a-z0-9]", "", (getattr(user, "username", "") or "").lower())
        plain = re.sub(r"[^a-z0-9]", "", (password or "").lower())
        if len(name) >= 3 and name in plain:
            raise ValidationError("密码不能包含用户名。", code="password_contains_username")

    def get_help_text(self):
        return "密码不能包含用户名。"
