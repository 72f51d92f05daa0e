"""A first run that is not empty (issue 15, point 3): the archive holds the 2023 minutes, the summary and the
printable action plan, the news come from the deck's dated facts, and a rerun duplicates nothing."""

import io
import zoneinfo

import pytest
from django.core.management import call_command

from actionplan.models import Theme
from documents.models import Document
from members.models import NewsItem
from minutes.models import Minutes, MinutesAttendee
from network.models import NetworkText, TimelineEntry
from tests.common.test_pdf import pdf_text
from tests.pdf_pages import page_fill
from tests.utils import page_text

pytestmark = [pytest.mark.django_db]

SITE = "http://testserver"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = SITE
    return settings.MEDIA_ROOT


@pytest.fixture
def first_run(media, django_capture_on_commit_callbacks):
    """`load_rvase_2023` as a deployment runs it: the PDFs are filed once the load is committed."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_rvase_2023", verbosity=0)


def counts() -> dict:
    return {
        "documents": Document.objects.count(),
        "news": NewsItem.objects.count(),
        "attendees": MinutesAttendee.objects.count(),
        "timeline": TimelineEntry.objects.count(),
        "texts": NetworkText.objects.count(),
        "minutes_versions": Minutes.objects.get().versions.count(),
    }


def download(client, document: Document) -> bytes:
    response = client.get(document.get_download_url())
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_first_run_files_the_minutes_the_summary_and_the_plan_linked_to_the_meeting_and_its_themes(
    first_run, member_client, client, tmp_path
):
    documents = {document.category: document for document in Document.objects.select_related("event")}
    assert set(documents) == {"minutes", "report", "action_plan"}
    themes = set(Theme.objects.values_list("slug", flat=True))
    assert len(themes) == 7
    for document in documents.values():
        assert document.event.slug == "reunion-annuelle-2023"
        # The network's documents, not one member's: a document's member is the one it belongs to (its focal point
        # may change it), and these are every member's. Who took part is in the minutes' attendees.
        assert document.member is None
        assert set(document.themes.values_list("slug", flat=True)) == themes
        assert document.versions.get().content_type == "application/pdf"
    minutes = Minutes.objects.get()
    assert minutes.archive_document == documents["minutes"]
    assert documents["minutes"].visibility == "members" and documents["report"].visibility == "members"
    # The plan is public, as its pages are: a visitor downloads it.
    assert documents["action_plan"].visibility == "public"

    # The minutes' PDF: the participants, the programme, Session 1's content, the conclusions.
    text = " ".join(pdf_text(download(member_client, documents["minutes"])).split())
    for name in ("Arianna Ardesi", "Emilie Traub", "Nuon Pharat", "SAEM Nhav", "Nguyễn Thị Thanh Mỹ", "Trần Song"):
        assert name in text, name
    assert "Session 1: Thématiques et modalités de travail au sein du réseau" in text
    assert "65% des 169 cibles" in text and "Formation a distance (tutorat)" in text
    assert "Afin d'être intégrés dans les activités, les membres doivent être à jour" in text

    # The printable plan: A4 landscape, the fifteen actions with the four columns of the deck's table.
    plan = download(client, documents["action_plan"])
    plan_text = pdf_text(plan)
    flat = " ".join(plan_text.split())
    assert "Activités État des lieux Activités prévues Propositions" in flat
    for cell in (
        "Dialogue multipays",
        "Organisation de la conférence thématique sur la gestion des boues de vidange (GBV) (mars à mai 2023)",
        "Conférence thématique GBV (mai 2023)",
        "Organiser des conférences thématiques annuelles, sur les thématiques sélectionnées par les membres",
    ):
        assert cell in flat, cell
    for number in range(1, 16):
        assert f"\n{number}\n" in f"\n{plan_text}" or f" {number} " in flat
    fills = page_fill(plan, tmp_path)
    assert all(fill >= 0.25 for fill in fills[:-1]), fills
    import subprocess

    (tmp_path / "plan.pdf").write_bytes(plan)
    info = subprocess.run(["pdfinfo", str(tmp_path / "plan.pdf")], capture_output=True, check=True).stdout.decode()
    assert "841.89 x 595.276 pts (A4)" in info  # landscape

    # The summary, filed too.
    summary = " ".join(pdf_text(download(member_client, documents["report"])).split())
    assert "ភ្នំពេញ" in pdf_text(download(member_client, documents["report"])) and "HATSACHANH Viengthong" in summary


# The deck's participants (rvase_2023.yaml, the 2023 meeting's list of participants), by their members, and the
# members the deck's plan table names in its actions.
PARTICIPATING_MEMBERS = {
    "phnom-penh",
    "battambang",
    "kampot",
    "vientiane",
    "luang-prabang",
    "yen-bai",
    "ho-chi-minh-ville",
    "hue",
}
PLAN_MEMBERS = {"asac", "can-tho", "hai-phong", "hue", "kampot", "luang-prabang", "phnom-penh", "vientiane"}


def concerned(document: Document) -> set[str]:
    return set(document.members_concerned.values_list("slug", flat=True))


def test_the_filed_documents_concern_the_members_that_took_part_and_those_that_carry_the_plan(first_run, member_client):
    documents = {document.category: document for document in Document.objects.all()}
    # The participants are the members of the people present at the meeting, as the minutes list them.
    attendees = MinutesAttendee.objects.filter(presence="present").select_related("person__member")
    assert {attendee.person.member.slug for attendee in attendees if attendee.person.member} == PARTICIPATING_MEMBERS
    assert concerned(documents["minutes"]) == PARTICIPATING_MEMBERS
    assert concerned(documents["report"]) == PARTICIPATING_MEMBERS
    assert concerned(documents["action_plan"]) == PLAN_MEMBERS
    # Still the network's documents: concerning members, belonging to none.
    assert all(document.member_id is None for document in documents.values())

    # The minutes' page lists them, each a link to the member's page; the member's page and the list's member
    # filter find the minutes.
    page = member_client.get(documents["minutes"].get_absolute_url()).content.decode()
    assert "Membres concernés" in page
    assert '<a href="/members/kampot/">' in page and '<a href="/members/siem-reap/">' not in page
    assert documents["minutes"].title in page_text(member_client.get("/members/kampot/"))
    listed = page_text(member_client.get("/documents/", {"member": "kampot"}))
    assert documents["minutes"].title in listed and documents["action_plan"].title in listed


def test_a_visitor_cannot_download_the_members_documents_of_the_first_run(first_run, client):
    for document in Document.objects.exclude(visibility="public"):
        response = client.get(document.get_download_url())
        assert response.status_code in (302, 403, 404)


def test_the_news_of_the_first_run_are_the_decks_dated_facts_each_linked_to_its_source(first_run, client):
    news = {item.member.slug: item for item in NewsItem.objects.select_related("member")}
    assert set(news) == {"vientiane", "phnom-penh", "hue"}
    assert NewsItem.objects.count() == 4
    assert all(item.status == "published" for item in news.values())
    vientiane = news["vientiane"]
    for zone in ("Asia/Phnom_Penh", "UTC", "Europe/Paris"):
        assert vientiane.published_at.astimezone(zoneinfo.ZoneInfo(zone)).date().isoformat() == "2023-05-16"
    assert vientiane.link == f"{SITE}/about/timeline/#entry-rencontre-gouverneur-vientiane"
    # The source the link names exists on the page it points to.
    assert 'id="entry-rencontre-gouverneur-vientiane"' in client.get("/about/timeline/").content.decode()
    text = page_text(client.get("/news/"))
    assert "16 mai 2023" in text
    assert "Rencontre du Gouverneur de Vientiane avec le secrétaire permanent de l'AIMF" in text
    assert "Candidature de Hué à l'Assemblée Générale de l'AIMF" in text


def test_the_31_may_2023_letter_is_news_dated_that_day_linked_to_the_minutes_and_the_meeting(first_run, client):
    """The deck's last dated fact (l.282–286): the conclusions sent to every member for validation."""
    letter = NewsItem.objects.get(link=f"{SITE}/about/timeline/#entry-courrier-31-mai-2023")
    assert letter.status == "published" and letter.member.slug == "phnom-penh"
    for zone in ("Asia/Phnom_Penh", "UTC", "America/Toronto"):
        assert letter.published_at.astimezone(zoneinfo.ZoneInfo(zone)).date().isoformat() == "2023-05-31"
    assert letter.title_fr == "Suggestions et recommandations retenues transmises pour validation"
    assert letter.title_en == "Suggestions and recommendations adopted, sent for validation"

    # On /news/, with its date, in French and in English.
    text = page_text(client.get("/news/"))
    assert "Suggestions et recommandations retenues transmises pour validation 31 mai 2023" in text
    assert "l'annexe du courrier du Secrétaire Permanent de l'AIMF a l'ensemble des membres le 31 mai 2023" in text
    client.cookies["django_language"] = "en"
    text = page_text(client.get("/news/"))
    assert "Suggestions and recommendations adopted, sent for validation May 31, 2023" in text
    client.cookies["django_language"] = "fr"

    # Its source, on the page the link names, leads to the minutes and to the meeting.
    timeline = client.get("/about/timeline/").content.decode()
    entry = timeline[timeline.index('id="entry-courrier-31-mai-2023"') :].split("</li>", 1)[0]
    assert 'href="/events/reunion-annuelle-2023/minutes/"' in entry
    assert 'href="/events/reunion-annuelle-2023/"' in entry
    assert "31 mai 2023" in entry


def test_a_rerun_duplicates_nothing_and_keeps_what_the_coordination_changed(
    first_run, django_capture_on_commit_callbacks
):
    before = counts()
    concerned_before = Document.members_concerned.through.objects.count()
    assert concerned_before == 2 * len(PARTICIPATING_MEMBERS) + len(PLAN_MEMBERS)
    assert before == {
        "documents": 3,
        "news": 4,
        "attendees": 11,
        "timeline": 12,
        "texts": 7,
        "minutes_versions": before["minutes_versions"],
    }
    entry = TimelineEntry.objects.get(key="voyage-etude-cambodge")
    entry.text = "Texte revu par la coordination."
    entry.save()
    NetworkText.objects.filter(key="coordination").update(title="Coordination du réseau")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_rvase_2023", stdout=out)
    assert counts() == before
    assert Document.members_concerned.through.objects.count() == concerned_before
    entry.refresh_from_db()
    assert entry.text == "Texte revu par la coordination."
    assert NetworkText.objects.get(key="coordination").title == "Coordination du réseau"
    # A document deleted by the coordination is filed again, once; the members the coordination took off a
    # document stay off.
    minutes_document = Document.objects.get(category="minutes")
    minutes_document.members_concerned.remove(minutes_document.members_concerned.get(slug="kampot"))
    Document.objects.filter(category="action_plan").delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_rvase_2023", verbosity=0)
    assert Document.objects.filter(category="action_plan").count() == 1
    assert concerned(Document.objects.get(category="action_plan")) == PLAN_MEMBERS
    assert concerned(minutes_document) == PARTICIPATING_MEMBERS - {"kampot"}


def test_the_minutes_page_shows_the_participants_the_programme_and_session_one(first_run, member_client):
    text = page_text(member_client.get("/events/reunion-annuelle-2023/minutes/"))
    assert "Programme" in text
    assert "Session 1: Thématiques et modalités de travail au sein du réseau" in text
    assert "Cinq réseaux pour être au plus proche des membres" in text
    assert "Veille possibilités de financements" in text
    for name in ("Madame Arianna Ardesi", "Madame Emilie Traub", "Son Excellence CHHAY Matinal", "Monsieur Trần Song"):
        assert name in text, name
    assert "Présent (11)" in text
