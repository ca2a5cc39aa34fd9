import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    from django.core.cache import cache

    cache.clear()  # catalog counts are cached per agency id, and ids repeat between tests
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # personas are made per test
