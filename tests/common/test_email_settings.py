"""Where `make run` and EMAIL_URL=filemail://… put the mail: the folder named, not a copy of it under the
working directory (django-environ reads filemail:///abs/path as the relative abs/path)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_local(code: str, *, cwd: Path, **env: str) -> str:
    """Python run on `make run`'s settings (rvase.settings.local), with the suite's own variables left out."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "EMAIL_URL", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=cwd,
        env={**clean, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "rvase.settings.local", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


PRINT_PATH = "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH)"


def test_make_run_writes_mail_under_var_mail_wherever_it_is_started(tmp_path):
    assert run_local(PRINT_PATH, cwd=tmp_path) == (
        f"django.core.mail.backends.filebased.EmailBackend {ROOT / 'var' / 'mail'}"
    )


@pytest.mark.parametrize(("url", "expected"), [("filemail://var/other-mail", ROOT / "var" / "other-mail")])
def test_a_relative_filemail_path_is_under_the_project(url, expected, tmp_path):
    assert run_local(PRINT_PATH, cwd=tmp_path, EMAIL_URL=url).endswith(f" {expected}")


def test_an_absolute_filemail_path_receives_the_mail_itself(tmp_path):
    mail = tmp_path / "mail folder"
    work = tmp_path / "elsewhere"
    work.mkdir()
    send = (
        "from django.core.mail import send_mail; "
        "send_mail('Invitation RVASE', 'Bonjour', 'coordination@rvase.example', ['hue@rvase.example'])"
    )
    run_local(send, cwd=work, EMAIL_URL=f"filemail://{mail.as_posix().replace(' ', '%20')}")
    written = list(mail.iterdir())
    assert len(written) == 1
    assert "Subject: Invitation RVASE" in written[0].read_text()
    assert list(work.rglob("*")) == []  # nothing under the working directory (the doubled path of before)
