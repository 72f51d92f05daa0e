"""The archive in Debian's Chromium: an upload by Hué's focal point, a visitor at the door, a search."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts.models import User
from actionplan.models import Theme
from documents import services
from documents.models import Document
from events.models import Event
from tests.documents import files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(settings):
    call_command("load_rvase_2023", verbosity=0)
    settings.DEBUG = True  # only to let the demo set-up create its accounts
    call_command("create_demo_accounts", verbosity=0)
    settings.DEBUG = False


def in_english(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def log_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_hue_uploads_minutes_for_hue_and_a_visitor_cannot_download_them(page, browser, live_server, demo_data):
    in_english(page, live_server)
    log_in(page, "hue@rvase.example", "demo-hue")
    page.goto("/documents/")
    page.get_by_role("link", name="Upload a document").click()
    page.wait_for_load_state()
    assert page.get_by_text("A document of Hué for the network's archive.").is_visible()  # its English name
    # "Coordination only" is not offered to a focal point.
    assert page.get_by_label("Visibility").locator("option").all_inner_texts() == ["Public", "Members only"]

    # First an executable renamed .pdf: refused with a clear message, nothing stored.
    filed = Document.objects.count()  # the record's first run files the 2023 deck's documents
    page.get_by_label("Title").fill("Biên bản họp Huế 2023")
    page.get_by_label("File").set_input_files(
        files=[{"name": "Biên bản.pdf", "mimeType": "application/pdf", "buffer": files.EXECUTABLE}]
    )
    page.get_by_role("button", name="Upload the document").click()
    page.wait_for_load_state()
    assert page.get_by_text("This file is named .pdf but its content is not a PDF file.").is_visible()
    assert Document.objects.count() == filed

    # Then the real PDF.
    page.get_by_label("Title").fill("Biên bản họp Huế 2023")
    page.get_by_label("Description").fill("Procès-verbal de la réunion sur la gestion des boues de vidange à Hué.")
    page.get_by_label("Category").select_option(label="Minutes")
    page.get_by_label("Language").select_option(label="Vietnamese")
    page.get_by_label("File").set_input_files(
        files=[{"name": "Biên bản họp Huế 2023.pdf", "mimeType": "application/pdf", "buffer": files.pdf_bytes()}]
    )
    page.get_by_role("button", name="Upload the document").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Biên bản họp Huế 2023").is_visible()
    assert page.get_by_text("Members only").first.is_visible()
    assert page.get_by_text("Version 1", exact=True).is_visible()

    document = Document.objects.get(title_fr="Biên bản họp Huế 2023")
    assert document.member.slug == "hue"
    assert document.visibility == Document.Visibility.MEMBERS
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (PDF").click()
    assert download.value.suggested_filename == "Biên bản họp Huế 2023.pdf"

    # A visitor with the link: sent to the login page, never the file.
    visitor = browser.new_context(base_url=live_server.url)
    visitor_page = visitor.new_page()
    for url in (
        f"/documents/{document.pk}/download/",
        f"/documents/{document.pk}/versions/{document.versions.get().pk}/download/",
    ):
        answer = visitor_page.request.get(url, max_redirects=0)
        assert answer.status == 302
        assert answer.headers["location"].startswith("/accounts/login/")
        assert b"%PDF" not in answer.body()
        visitor_page.goto(url)
        assert "/accounts/login/" in visitor_page.url
    # (MEDIA_URL is checked through the project's URLs in test_permissions.py: Django's live test server
    # itself serves MEDIA_ROOT, which no production server here does.)
    visitor_page.goto("/documents/")
    assert "Biên bản họp Huế 2023" not in visitor_page.content()
    visitor.close()


def test_searching_boue_finds_the_sanitation_conference_document(page, live_server, demo_data):
    conference = Event.objects.get(slug="conference-gbv-2023")
    services.document_create(
        by=User.objects.get(email="coordination@rvase.example"),
        data={
            "title": "Présentations de la conférence thématique GBV",
            "description": "Les projets de gestion des boues de vidange de Phnom Penh, Siem Reap, Vientiane et Hué.",
            "category": Document.Category.PRESENTATION,
            "event": conference,
            "visibility": Document.Visibility.PUBLIC,
            "published_on": datetime.date(2023, 5, 18),
        },
        themes=[Theme.objects.get(slug="assainissement")],
        uploaded_file=SimpleUploadedFile("GBV.pdf", files.pdf_bytes()),
    )
    services.document_create(
        by=User.objects.get(email="coordination@rvase.example"),
        data={"title": "Tourisme durable", "visibility": "public", "published_on": datetime.date(2023, 6, 1)},
        uploaded_file=SimpleUploadedFile("tourisme.pdf", files.pdf_bytes()),
    )
    in_english(page, live_server)
    page.goto("/documents/")
    page.get_by_role("searchbox").fill("boue")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_load_state()
    results = page.locator(".doc-list")
    title = results.get_by_role("link", name="Présentations de la conférence thématique GBV (en français)", exact=True)
    assert title.is_visible()
    assert "Tourisme durable" not in results.inner_text()
    title.click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name=conference.title_en).is_visible()  # the English record


@pytest.mark.parametrize("width", [390, 1280])
def test_the_archive_pages_fit_phone_and_desktop(page, live_server, demo_data, width):
    services.document_create(
        by=User.objects.get(email="coordination@rvase.example"),
        data={
            "title": "Biên bản họp Huế 2023 — un titre assez long pour passer à la ligne sur un téléphone",
            "visibility": "public",
            "published_on": datetime.date(2023, 6, 1),
        },
        uploaded_file=SimpleUploadedFile("Biên bản họp Huế 2023.pdf", files.pdf_bytes()),
    )
    document = Document.objects.get(title_fr__startswith="Biên bản họp Huế 2023 — un titre")
    page.set_viewport_size({"width": width, "height": 900})
    in_english(page, live_server)
    log_in(page, "coordination@rvase.example", "demo-coordination")
    for url in ("/documents/", f"/documents/{document.pk}/", "/documents/upload/"):
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, url
