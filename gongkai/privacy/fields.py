"""Model fields for personal data: encrypted text, and the keyed hash that lets one row be found by exact value.

An encrypted column cannot be filtered on (every encryption of the same value differs): any lookup but `isnull`
raises FieldError, so no query silently compares ciphertext. Search with the hash column instead
(`Application.objects.with_id_number(value)`).
"""

from __future__ import annotations

from django.db import models

from . import keys


class EncryptedTextField(models.TextField):
    description = "个人信息（加密存储）"

    def from_db_value(self, value, expression, connection):
        return keys.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "" or keys.is_token(value):
            return value
        return keys.encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None


class BlindIndexField(models.CharField):
    """HMAC of another field's value, computed on every save (also by bulk_create)."""

    description = "个人信息的检索哈希"

    def __init__(self, *args, source: str = "", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("max_length", 40), ("blank", True), ("default", ""), ("editable", False)):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = keys.blind_index(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
