import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_french_is_the_default(client):
    page = client.get("/").content.decode()
    assert '<html lang="fr">' in page
    assert "Membres" in page and "Plan d'action" in page


def test_switching_to_english_translates_the_layout(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/members/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Members of the network" in page
    assert "Action plan" in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    assert shutil.which("msgattrib"), "gettext tools are needed (Debian package gettext)"
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert po.exists()
    for flag in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run(
            ["msgattrib", flag, "--no-obsolete", str(po)], capture_output=True, text=True, check=True
        )
        entries = [line for line in result.stdout.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
        assert not entries, f"{language}: {flag}: {entries[:10]}"


def test_an_english_browser_still_gets_french_until_the_reader_switches(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="fr">' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="en">' in page
