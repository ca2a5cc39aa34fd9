"""Settings come from the environment; with nothing set they are safe."""

import os
import subprocess
import sys


def _settings(env: dict, expr: str) -> str:
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='gongkai.settings'; django.setup(); " \
           f"from django.conf import settings; print({expr})"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL"))}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**base, **env},
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_without_any_setting_debug_is_off_and_sqlite_lives_in_the_data_dir(tmp_path):
    env = {"GONGKAI_DATA_DIR": str(tmp_path)}
    assert _settings(env, "settings.DEBUG") == "False"
    assert _settings(env, "settings.DATABASES['default']['NAME']") == str(tmp_path / "gongkai.sqlite3")


def test_without_a_secret_key_a_random_one_is_made_once_and_kept_private(tmp_path):
    env = {"GONGKAI_DATA_DIR": str(tmp_path)}
    first = _settings(env, "settings.SECRET_KEY")
    assert len(first) >= 50 and _settings(env, "settings.SECRET_KEY") == first
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    other = tmp_path / "other"
    assert _settings({"GONGKAI_DATA_DIR": str(other)}, "settings.SECRET_KEY") != first


def test_the_environment_wins(tmp_path):
    env = {"GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_SECRET_KEY": "k" * 60, "GONGKAI_DEBUG": "1",
           "GONGKAI_ALLOWED_HOSTS": "gk.example.gov.cn", "DATABASE_URL": "postgresql://u@db.example:5432/gk"}
    assert _settings(env, "settings.SECRET_KEY") == "k" * 60
    assert _settings(env, "settings.DEBUG") == "True"
    assert _settings(env, "settings.ALLOWED_HOSTS") == "['gk.example.gov.cn']"
    assert _settings(env, "settings.DATABASES['default']['ENGINE']") == "django.db.backends.postgresql"


def test_https_behind_a_proxy_trusts_its_forwarded_proto(tmp_path):
    env = {"GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_HTTPS": "1"}
    assert _settings(env, "settings.SECURE_PROXY_SSL_HEADER") == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert _settings(env, "settings.SESSION_COOKIE_SECURE") == "True"
