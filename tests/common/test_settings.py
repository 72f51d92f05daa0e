import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "rvase.settings.production",
    "SECRET_KEY": "k" * 10 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/rvase",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "rvase.example",
    "EMAIL_URL": "smtp://127.0.0.1:1025",
}


def manage(*args, env):
    # The suite's own variables (test database, async-unsafe flag for Playwright) are not production's.
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "EMAIL_URL"])
def test_a_missing_production_setting_stops_start_up_and_names_it(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "60 True False"),  # persistent connections by default
        ({"CONN_MAX_AGE": "120"}, "120 True False"),
        ({"DATABASE_POOL": "true"}, "0 False True"),  # the pool instead, which Django refuses to combine
    ],
)
def test_production_keeps_database_connections_open_between_requests(extra, expected):
    code = (
        "from django.db import connection; d = connection.settings_dict; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d['OPTIONS'].get('pool', False)); "
        "connection.ensure_connection(); connection.close()"
    )
    server = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres"}  # a database every server has
    result = manage("shell", "-c", code, env={**PRODUCTION_ENV, **server, **extra})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def setting_values(settings_module: str, *names: str, env: dict) -> list[str]:
    code = "from django.conf import settings; " + "; ".join(f"print(settings.{name})" for name in names)
    result = manage("shell", "-c", code, env={**env, "DJANGO_SETTINGS_MODULE": settings_module})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-len(names) :]


def test_production_requires_two_step_sign_in_and_trusts_no_proxy_by_default():
    assert setting_values(
        "rvase.settings.production", "MFA_REQUIRED_FOR_COORDINATION", "ALLAUTH_TRUSTED_PROXY_COUNT", env=PRODUCTION_ENV
    ) == ["True", "0"]
    behind_the_proxy = {**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "1"}
    assert setting_values("rvase.settings.production", "ALLAUTH_TRUSTED_PROXY_COUNT", env=behind_the_proxy) == ["1"]


def test_make_run_keeps_the_demo_to_the_password_alone(tmp_path):
    local = {"DATABASE_URL": f"sqlite:///{tmp_path / 'local.sqlite3'}"}
    assert setting_values("rvase.settings.local", "MFA_REQUIRED_FOR_COORDINATION", env=local) == ["False"]
