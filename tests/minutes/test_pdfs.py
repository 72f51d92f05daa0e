"""The members' PDFs: the minutes (one per approved version) and the annual-meeting summary.

Rendered by WeasyPrint with the shipped fonts, stored once, then streamed; read back here with pdftotext.
"""

import datetime
import logging
import re
import subprocess
import zoneinfo
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client

import common.pdf
from actionplan.models import Action
from common.pdf import PDFRenderTimeout, render_pdf
from documents.models import Document
from events.models import Event
from minutes import pdfs, services
from minutes.models import Minutes, MinutesVersion, StoredPDF
from tests import factories
from tests.common.test_pdf import pdf_fonts, pdf_text
from tests.utils import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
SLUG = "reunion-annuelle-2025"
MINUTES_URL = f"/events/{SLUG}/minutes.pdf"
SUMMARY_URL = f"/events/{SLUG}/summary.pdf"


@pytest.fixture
def meeting(member):
    event = factories.EventFactory(
        slug=SLUG,
        title="Réunion annuelle 2025",
        kind=Event.Kind.ANNUAL_MEETING,
        starts_at=datetime.datetime(2025, 5, 18, 8, 0, tzinfo=PHNOM_PENH),
        ends_at=datetime.datetime(2025, 5, 18, 12, 0, tzinfo=PHNOM_PENH),
        city="Vientiane",
    )
    minutes = factories.MinutesFactory(event=event, summary="Réunion de travail du réseau.")
    factories.MinutesAttendeeFactory(minutes=minutes, person=None, member=member)
    factories.MinutesAttendeeFactory(
        minutes=minutes,
        person=factories.NamedPersonFactory(
            full_name="Nguyễn Thế Phước",
            title="Vice-Président du Comité populaire",
            member=factories.MemberFactory(name="Yen Bai"),
        ),
    )
    decision = factories.DecisionFactory(
        minutes=minutes, number=1, title="Points focaux", text="Chaque membre confirme son point focal."
    )
    decision.actions.add(factories.ActionFactory(activities="Confirmation des points focaux ; suivi", number=1))
    factories.DecisionFactory(
        minutes=minutes, section="roadmap", kind="recommendation", number=1, title="Veille", text="Une veille."
    )
    factories.FollowUpFactory(
        minutes=minutes, number=1, text="Envoyer la liste des points focaux", due_on=datetime.date(2025, 6, 15)
    )
    return minutes


def approve(minutes, coordinator):
    services.minutes_circulate(minutes=minutes, by=coordinator)
    version, _created = services.minutes_approve(minutes=Minutes.objects.get(pk=minutes.pk), by=coordinator)
    return version


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    return b"".join(response.streaming_content)


def english(client):
    client.cookies["django_language"] = "en"
    return client


def page_count(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "(A4)" in info
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def outline(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "outline.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", str(path)], capture_output=True, check=True).stdout
    return "\n".join(re.findall(r"<item page=\"\d+\">(.*?)</item>", xml.decode()))


def store_fake(*, kind, event, language, version=None, source_hash=""):
    row = StoredPDF(kind=kind, event=event, version=version, language=language, source_hash=source_hash, size=1)
    row.file.save("fake.pdf", ContentFile(factories.MINIMAL_PDF))
    return row


# ---- what the PDFs hold ----------------------------------------------------------------------------------------


def test_the_minutes_pdf_holds_attendees_decisions_actions_and_follow_up(meeting, coordinator, member_client):
    approve(meeting, coordinator)
    response = english(member_client).get(MINUTES_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="reunion-annuelle-2025-minutes-v1.pdf"')
    pdf = b"".join(response.streaming_content)
    text = " ".join(pdf_text(pdf).split())
    assert "RVASE — Réseau des Villes d'Asie du Sud-Est" in text  # the network's header
    assert "Minutes — Réunion annuelle 2025" in text
    assert "May 18, 2025" in text and "Version 1, approved on" in text
    assert "Nguyễn Thế Phước, Vice-Président du Comité populaire — Yen Bai" in text
    assert "1. Decision — Points focaux Chaque membre confirme son point focal." in text
    assert "1. Recommendation — Veille Une veille." in text
    assert "Action plan: action 1 (2030) — Confirmation des points focaux" in text
    assert "Envoyer la liste des points focaux La coordination June 15, 2025" in text
    pages = page_count(pdf)
    assert f"Page 1 of {pages}" in text


def test_dates_follow_the_readers_language(meeting, coordinator, member_client):
    approve(meeting, coordinator)
    french = " ".join(pdf_text(download(member_client, MINUTES_URL)).split())
    assert "18 mai 2025" in french and "15 juin 2025" in french
    english_text = " ".join(pdf_text(download(english(member_client), MINUTES_URL)).split())
    assert "May 18, 2025" in english_text and "June 15, 2025" in english_text
    # One stored file per version and language.
    assert set(StoredPDF.objects.filter(kind="minutes").values_list("language", flat=True)) == {"fr", "en"}


def test_the_2023_summary_holds_programme_participants_action_plan_conclusions_and_roadmap(
    rvase_2023, member_client, tmp_path
):
    pdf = download(english(member_client), "/events/reunion-annuelle-2023/summary.pdf")
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    pages = page_count(pdf)
    assert f"Page 1 of {pages}" in flat and f"Page {pages} of {pages}" in flat
    # Read in English: the record's texts in their English translation (issue 21).
    assert "SUMMARY 2023 Annual meeting of the South-East Asian Cities Network" in flat and "May 18, 2023" in flat
    assert "Translated from the French original." in flat
    # The table of contents, with the page numbers of each part, in two columns.
    parts = (
        "Programme",
        "Participants",
        "Members of the network",
        "2023 Action plan",
        "Themes and projects",
        "Partners",
        "Working modalities",
        "Conclusions",
        "Roadmap",
    )
    contents = dict(re.findall(r"\d\. (" + "|".join(parts) + r") ?\.{3,} ?(\d+)", text))
    assert set(contents) == set(parts)
    assert [int(contents[name]) for name in parts] == sorted(int(value) for value in contents.values())
    # The programme and the speakers.
    assert "Session 2: Round table: wishes and expectations of the network's members" in flat
    for speaker in ("Arianna Ardesi", "Nuon Pharat", "Nguyễn Thế Phước", "HATSACHANH Viengthong", "Trần Song"):
        assert speaker in flat
    # The programme gives the deck's order and the meeting's 8h-12h, no time of its own.
    assert "08:00–12:00 (Asia/Phnom_Penh) · The programme gives the order of its items, not their times." in flat
    assert "08:15" not in flat and "Times are local" not in flat
    # The action plan by axis, each action with its status: the deck's only one, "En cours !", and "not recorded".
    assert "Axis 1: Leading the regional dialogue" in flat
    assert re.search(r"Preparing and holding the network's annual meeting .*? In progress", flat)
    assert "Not recorded" in flat
    assert "Done" not in flat and "Continuous" not in flat and "Not started" not in flat
    # The conclusions as circulated (not approved) and the roadmap.
    assert "Conclusions: sent for validation on May 31, 2023 to all members; no approval has been recorded." in flat
    assert "approved on" not in flat
    assert "Afin d'être intégrés dans les activités, les membres doivent être à jour" in flat
    assert "Suggestion or recommendation retained" in flat and not re.search(r"\d+\. Decision\b", flat)
    assert "GBV thematic action plan" in flat
    # The deck's date in words, translated as words ("mi-juin 2023"): never a day.
    assert "mid-June 2023 — By mid-June each city and province confirms its focal point" in flat
    assert "mi-juin 2023" not in flat
    assert "June 15, 2023" not in flat
    # The PDF's outline (bookmarks) follows the parts.
    bookmarks = outline(pdf, tmp_path)
    for number, title in enumerate(parts, start=1):
        assert f"{number}. {title}" in bookmarks


def test_the_2023_minutes_have_no_approved_pdf(rvase_2023, member_client):
    """The deck's conclusions were sent for validation, never approved: there is no approved version to print."""
    response = member_client.get("/events/reunion-annuelle-2023/minutes.pdf")
    assert response.status_code == 404


def test_khmer_lao_and_vietnamese_come_back_out_of_the_minutes_pdf(meeting, coordinator, member_client):
    decision = meeting.decisions.get(section="network", number=1)
    decision.text = "La réunion suivante se tiendra à ភ្នំពេញ, puis à ວຽງຈັນ."
    decision.save()
    approve(meeting, coordinator)
    pdf = download(member_client, MINUTES_URL)
    text = pdf_text(pdf)
    for words in ("ភ្នំពេញ", "ວຽງຈັນ", "Nguyễn Thế Phước"):
        assert words in text
    fonts = pdf_fonts(pdf)
    assert "RVASE-Sans" in fonts and "RVASE-Khmer" in fonts and "RVASE-Lao" in fonts


# ---- safety ----------------------------------------------------------------------------------------------------


@pytest.fixture
def fetch_log(monkeypatch, tmp_path):
    """Every URL the PDF renderer asks for, and whether it was served or refused.

    The rendering runs in a forked child process: the log is a file, the patched function is inherited.
    """
    log = tmp_path / "fetched.txt"
    original = common.pdf.fetch_project_file

    def logged(url):
        try:
            result = original(url)
        except ValueError:
            with log.open("a") as handle:
                handle.write(f"refused {url}\n")
            raise
        with log.open("a") as handle:
            handle.write(f"served {url}\n")
        return result

    monkeypatch.setattr(common.pdf, "fetch_project_file", logged)
    return lambda: log.read_text().splitlines() if log.exists() else []


INJECTED = (
    '<b>gras</b> <script>alert("x")</script> <img src="file:///etc/passwd"> '
    '<img src="http://127.0.0.1:9/pixel.png"> <link rel="stylesheet" href="file:///etc/passwd">'
)


def test_html_typed_into_minutes_is_escaped_in_the_pdf_and_nothing_is_fetched(
    meeting, coordinator, member_client, fetch_log
):
    decision = meeting.decisions.get(section="network", number=1)
    decision.text = f"Texte : {INJECTED}"
    decision.save()
    approve(meeting, coordinator)
    text = " ".join(pdf_text(download(member_client, MINUTES_URL)).split())
    assert "<b>gras</b>" in text  # shown as typed, not made bold
    assert '<script>alert("x")</script>' in text
    assert '<img src="file:///etc/passwd">' in text
    assert "root:" not in text
    fetched = fetch_log()
    assert fetched and all(line.startswith("served rvase-static:///") for line in fetched)


def test_the_url_fetcher_refuses_local_files_and_the_network_even_if_markup_got_through(
    meeting, coordinator, fetch_log
):
    decision = meeting.decisions.get(section="network", number=1)
    decision.text = INJECTED
    decision.save()
    version = approve(meeting, coordinator)
    html = pdfs.minutes_pdf_html(version=version, language="fr")
    escaped = re.search(
        r"&lt;b&gt;gras.*?&lt;link rel=&quot;stylesheet&quot; href=&quot;file:///etc/passwd&quot;&gt;", html
    )
    assert escaped  # the template escapes it; put it back raw, as a careless template would
    raw = html.replace(escaped.group(0), INJECTED)
    text = pdf_text(render_pdf(html=raw))
    assert "root:" not in text and "gras" in text
    fetched = fetch_log()
    assert "refused file:///etc/passwd" in fetched
    assert "refused http://127.0.0.1:9/pixel.png" in fetched
    assert not [line for line in fetched if line.startswith("served") and "rvase-static:///" not in line]


# ---- versions ---------------------------------------------------------------------------------------------------


def test_an_approved_versions_text_and_pdf_do_not_change_and_every_version_stays_downloadable(
    meeting, coordinator, member_client
):
    first_version = approve(meeting, coordinator)
    first = download(member_client, MINUTES_URL)
    assert "Chaque membre confirme son point focal." in pdf_text(first)

    decision = meeting.decisions.get(section="network", number=1)
    decision.text = "Chaque membre confirme son point focal avant la fin juin."
    decision.save()
    services.minutes_edited(minutes=meeting, by=coordinator)
    # Edited, not approved yet: members still download version 1, unchanged.
    assert download(member_client, MINUTES_URL) == first
    first_version.refresh_from_db()
    assert first_version.content["decisions"][0]["text"] == "Chaque membre confirme son point focal."

    second_version = approve(meeting, coordinator)
    assert second_version.number == 2
    current = download(member_client, MINUTES_URL)
    assert "avant la fin juin" in pdf_text(current)
    assert "Version 2" in pdf_text(current)
    assert download(member_client, f"/events/{SLUG}/minutes/1.pdf") == first
    assert download(member_client, f"{MINUTES_URL}?version=1") == first
    assert "avant la fin juin" in pdf_text(download(member_client, f"/events/{SLUG}/minutes/2.pdf"))


@pytest.mark.parametrize(
    "url",
    [
        f"/events/{SLUG}/minutes/3.pdf",
        f"{MINUTES_URL}?version=3",
        f"{MINUTES_URL}?version=0",
        f"{MINUTES_URL}?version=un",
    ],
)
def test_a_missing_version_is_a_404(meeting, coordinator, member_client, url):
    version = approve(meeting, coordinator)
    store_fake(kind="minutes", event=meeting.event, version=version, language="fr")
    assert member_client.get(url).status_code == 404


def test_no_approved_version_no_pdf(meeting, member_client):
    assert member_client.get(MINUTES_URL).status_code == 404
    assert member_client.get("/events/no-such-event/minutes.pdf").status_code == 404


# ---- rendered once, stored, streamed ----------------------------------------------------------------------------


def test_approval_renders_every_language_once_and_files_the_pdf_in_the_archive(
    meeting, coordinator, member_client, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        version = approve(meeting, coordinator)
    rows = StoredPDF.objects.filter(version=version)
    assert sorted(rows.values_list("language", flat=True)) == ["en", "fr"]
    assert all(row.file.name.startswith("events/pdf/") and row.size > 1000 for row in rows)
    assert "reunion" not in rows[0].file.name  # a random name in the storage

    # Later downloads stream the stored file: nothing is rendered again.
    monkeypatch.setattr(pdfs, "render_pdf", lambda **kwargs: pytest.fail("rendered again"))
    assert download(member_client, MINUTES_URL) == rows.get(language="fr").file.open("rb").read()

    # Filed in the document archive, for members.
    document = Document.objects.get(category=Document.Category.MINUTES, event=meeting.event)
    assert document.visibility == Document.Visibility.MEMBERS and document.language == "fr"
    assert Minutes.objects.get(pk=meeting.pk).archive_document == document
    (archived,) = document.versions.all()
    assert MinutesVersion.objects.get(pk=version.pk).archived_as == archived
    assert archived.content_type == "application/pdf"
    response = member_client.get(f"/documents/{document.pk}/download/")
    assert response.status_code == 200
    assert "Chaque membre confirme son point focal." in pdf_text(b"".join(response.streaming_content))


def test_the_next_approved_version_is_a_new_version_of_the_archived_document(
    meeting, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(meeting, coordinator)
    meeting.decisions.filter(section="roadmap").update(text="Une veille mensuelle, avec les points focaux.")
    services.minutes_edited(minutes=meeting, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        approve(meeting, coordinator)
    document = Document.objects.get(category=Document.Category.MINUTES, event=meeting.event)
    assert list(document.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    latest = document.versions.order_by("-number").first()
    assert "avec les points focaux" in pdf_text(latest.file.open("rb").read())


def test_once_approved_the_2023_minutes_are_filed_in_the_archive_from_the_admin(
    rvase_2023, coordinator, coordinator_client
):
    # The deck records no approval: the coordinator records the real one, which makes the first version.
    assert not MinutesVersion.objects.filter(minutes__event__slug="reunion-annuelle-2023").exists()
    minutes = Minutes.objects.get(event__slug="reunion-annuelle-2023")
    version, _created = services.minutes_approve(minutes=minutes, by=coordinator)
    response = coordinator_client.post(
        "/admin/minutes/minutesversion/",
        {"action": "archive", "_selected_action": [version.pk]},
    )
    assert response.status_code == 302
    document = Document.objects.get(category=Document.Category.MINUTES, event__slug="reunion-annuelle-2023")
    assert document.visibility == Document.Visibility.MEMBERS
    assert "Afin d'être intégrés" in pdf_text(document.versions.get().file.open("rb").read())
    # Filing again does nothing.
    coordinator_client.post("/admin/minutes/minutesversion/", {"action": "archive", "_selected_action": [version.pk]})
    assert document.versions.count() == 1


def test_the_summary_is_rendered_again_only_when_what_it_shows_changes(rvase_2023, member_client, monkeypatch):
    url = "/events/reunion-annuelle-2023/summary.pdf"
    first = download(english(member_client), url)
    row = StoredPDF.objects.get(kind="summary", language="en")
    renders = []
    monkeypatch.setattr(pdfs, "render_pdf", lambda **kwargs: renders.append(1) or render_pdf(**kwargs))
    assert download(member_client, url) == first
    assert renders == []

    action = Action.objects.get(plan__year=2023, number=10)
    action.proposals = "Une proposition ajoutée par la coordination."
    action.save()
    changed = download(member_client, url)
    assert renders == [1]
    assert "Une proposition ajoutée par la coordination." in " ".join(pdf_text(changed).split())
    assert StoredPDF.objects.get(pk=row.pk).file.name != row.file.name  # replaced, one row per language


def test_a_failed_rendering_keeps_the_previous_pdf_and_tells_the_coordination(
    meeting, coordinator, member_person, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    member_client, coordinator_client = Client(), Client()
    member_client.force_login(member_person.user)
    coordinator_client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        approve(meeting, coordinator)
    first = download(member_client, MINUTES_URL)
    mail.outbox.clear()

    meeting.decisions.filter(section="roadmap").update(text="Une veille mensuelle.")
    services.minutes_edited(minutes=meeting, by=coordinator)

    def timeout(**kwargs):
        raise PDFRenderTimeout("The PDF took more than 60 s to render.")

    monkeypatch.setattr(pdfs, "render_pdf", timeout)
    with caplog.at_level(logging.ERROR, logger="minutes.pdfs"), django_capture_on_commit_callbacks(execute=True):
        second = approve(meeting, coordinator)
    assert second.number == 2

    # Logged, recorded, e-mailed once to the coordination.
    assert "Rendering the PDF of the minutes of Réunion annuelle 2025, version 2" in caplog.text
    failed = StoredPDF.objects.filter(version=second)
    assert failed.count() == 2 and all("took more than 60 s" in row.error and not row.file for row in failed)
    assert [message.to for message in mail.outbox] == [["coordinator@example.org"]] * 2  # one per language
    assert "took more than 60 s" in mail.outbox[0].body
    assert f"/events/{SLUG}/minutes/" in mail.outbox[0].body
    # Not filed in the archive without its PDF.
    assert Document.objects.get(event=meeting.event).versions.count() == 1

    # Members keep downloading the previous PDF; the failed version itself is unavailable, not broken.
    assert download(member_client, MINUTES_URL) == first
    response = member_client.get(f"/events/{SLUG}/minutes/2.pdf")
    assert response.status_code == 503
    # The coordination sees it on the minutes page and in the admin.
    english(coordinator_client)
    text = page_text(coordinator_client.get(f"/events/{SLUG}/minutes/"))
    assert "The PDF of version 2 (fr) could not be rendered." in text
    assert "Members cannot download it until it is rendered." in text
    response = coordinator_client.get(f"/admin/minutes/minutes/{meeting.pk}/change/")
    assert "could not be rendered" in page_text(response)

    # Once rendering works again, "Render again" makes the PDFs and files them.
    monkeypatch.setattr(pdfs, "render_pdf", render_pdf)
    response = coordinator_client.post(f"/events/{SLUG}/minutes/versions/2/render/")
    assert response.status_code == 302
    assert not StoredPDF.objects.filter(version=second).exclude(error="").exists()
    assert "Une veille mensuelle." in pdf_text(download(member_client, MINUTES_URL))
    assert Document.objects.get(event=meeting.event).versions.count() == 2


def test_a_failed_summary_rendering_keeps_the_summary_rendered_before(rvase_2023, member_client, monkeypatch):
    url = "/events/reunion-annuelle-2023/summary.pdf"
    before = download(member_client, url)
    Action.objects.filter(plan__year=2023, number=10).update(proposals="Une proposition ajoutée.")
    Action.objects.get(plan__year=2023, number=11).save()  # any save makes the cached fingerprints stale

    def broken(**kwargs):
        raise common.pdf.PDFRenderError("WeasyPrint failed")

    monkeypatch.setattr(pdfs, "render_pdf", broken)
    assert download(member_client, url) == before
    row = StoredPDF.objects.get(kind="summary", language="fr")
    assert row.error == "WeasyPrint failed" and row.file
    assert len(mail.outbox) == 1


def test_a_pdf_that_never_rendered_is_a_503_page_not_an_error(meeting, coordinator, member_client, monkeypatch):
    approve(meeting, coordinator)

    def broken(**kwargs):
        raise common.pdf.PDFRenderError("WeasyPrint failed")

    monkeypatch.setattr(pdfs, "render_pdf", broken)
    response = english(member_client).get(MINUTES_URL)
    assert response.status_code == 503
    assert "could not be prepared just now" in page_text(response)
    # Readers are not made to wait for a rendering that just failed: the next download does not try again.
    monkeypatch.setattr(pdfs, "render_pdf", lambda **kwargs: pytest.fail("tried again at once"))
    assert member_client.get(MINUTES_URL).status_code == 503


def test_pdfs_render_inside_a_daemonic_celery_worker(meeting, coordinator, monkeypatch):
    """Celery's prefork workers are daemonic processes: the renderer's child must not need multiprocessing."""
    import multiprocessing

    from minutes import tasks

    version = approve(meeting, coordinator)
    monkeypatch.setitem(multiprocessing.current_process()._config, "daemon", True)
    assert render_pdf(html="<p>x</p>").startswith(b"%PDF")
    assert tasks.render_minutes_version(version_id=version.pk) == {"fr": True, "en": True}


# ---- who may download ---------------------------------------------------------------------------------------------

ROLES = ["visitor", "non_member", "member", "focal_point", "other_focal_point", "coordinator"]


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_both_pdfs(role, meeting, coordinator, member_person, focal_point):
    version = approve(meeting, coordinator)
    factories.SessionFactory(event=meeting.event, title="Ouverture")
    client = Client()
    if role == "other_focal_point":
        other = factories.MemberFactory()
        user = factories.FocalPointFactory(
            member=other, person=factories.NamedPersonFactory(user=factories.UserFactory(), member=other)
        ).person.user
    else:
        user = {
            "visitor": None,
            "non_member": factories.UserFactory(),
            "member": member_person.user,
            "focal_point": focal_point.person.user,
            "coordinator": coordinator,
        }[role]
    # Stored once every member exists: the summary lists the network's members.
    store_fake(kind="minutes", event=meeting.event, version=version, language="fr")
    store_fake(
        kind="summary",
        event=meeting.event,
        language="fr",
        source_hash=pdfs.summary_fingerprint(event=Event.objects.get(pk=meeting.event_id), language="fr"),
    )
    if user is not None:
        client.force_login(user)
    for url in (MINUTES_URL, SUMMARY_URL, f"/events/{SLUG}/minutes/1.pdf"):
        response = client.get(url)
        if role == "visitor":
            assert response.status_code == 302
            assert response["Location"] == f"/accounts/login/?next={url}"
        elif role == "non_member":
            assert response.status_code == 403
        else:
            assert response.status_code == 200
            assert b"".join(response.streaming_content) == factories.MINIMAL_PDF, url


def test_a_members_only_proposal_is_not_revealed_by_its_pdfs(meeting, coordinator, member_client):
    version = approve(meeting, coordinator)
    store_fake(kind="minutes", event=meeting.event, version=version, language="fr")
    Event.objects.filter(pk=meeting.event_id).update(
        publication=Event.Publication.PROPOSED, host_member=factories.MemberFactory()
    )
    assert member_client.get(MINUTES_URL).status_code == 404
    assert member_client.get(SUMMARY_URL).status_code == 404


def test_a_download_found_in_the_cache_still_follows_the_event_and_the_reader(
    meeting, coordinator, member, member_person, member_client, django_assert_num_queries
):
    version = approve(meeting, coordinator)
    store_fake(kind="minutes", event=meeting.event, version=version, language="fr")
    assert download(member_client, MINUTES_URL) == factories.MINIMAL_PDF
    with django_assert_num_queries(0):  # the reader and the stored file's lookup both come from the cache
        assert download(member_client, MINUTES_URL) == factories.MINIMAL_PDF

    # The reader's rights are read at every request: a person who leaves the member loses the PDF at once.
    member_person.member = None
    member_person.save()
    assert member_client.get(MINUTES_URL).status_code == 403
    member_person.member = member
    member_person.save()
    assert download(member_client, MINUTES_URL) == factories.MINIMAL_PDF

    # Saving the event (here, the coordination withdrawing it) makes the cached lookup stale.
    event = Event.objects.get(pk=meeting.event_id)
    event.publication, event.host_member = Event.Publication.PROPOSED, factories.MemberFactory()
    event.save()
    assert member_client.get(MINUTES_URL).status_code == 404
    event.publication = Event.Publication.PUBLISHED
    event.save()
    assert download(member_client, MINUTES_URL) == factories.MINIMAL_PDF

    # A stored file replaced (rendered again) is the one served next.
    stored = StoredPDF.objects.get(kind="minutes", version=version, language="fr")
    stored.file.save("again.pdf", ContentFile(factories.MINIMAL_PDF + b"% rendered again\n"))
    assert download(member_client, MINUTES_URL) == factories.MINIMAL_PDF + b"% rendered again\n"


def test_only_annual_meetings_have_a_summary(member_client):
    workshop = factories.EventFactory(kind=Event.Kind.WORKSHOP)
    factories.SessionFactory(event=workshop)
    assert member_client.get(f"/events/{workshop.slug}/summary.pdf").status_code == 404
