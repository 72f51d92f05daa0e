"""The coordinator's dashboard at /admin/: what waits, with counts and links; its query count stays flat."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionplan.models import ProgressUpdate
from consultations import services as consultations
from coordination import selectors
from digest.models import Digest, DigestDelivery
from events.models import Event, HostingCandidature, Registration
from members import services as members
from members.models import DuesYear, FocalPoint, MemberRevision
from minutes.models import MinutesComment
from tests.factories import (
    ActionFactory,
    CoordinatorFactory,
    DuesRecordFactory,
    EventFactory,
    FocalPointFactory,
    HostingCandidatureFactory,
    MemberFactory,
    MinutesFactory,
    NewsItemFactory,
    PersonFactory,
    ProgressUpdateFactory,
    UserFactory,
)
from tests.utils import page_text, warm_up

pytestmark = pytest.mark.django_db

PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")


def text(value: str) -> str:
    return " ".join(value.replace("\u00a0", " ").replace("\u202f", " ").split())


def network(size: int = 1, start: int = 0) -> dict:
    """`size` times: members with focal points and dues, news, notes, proposals, candidatures, comments, rounds,
    events with registrations, digests with deliveries, payments and page edits."""
    year = timezone.localdate().year
    now = timezone.now()
    DuesYear.objects.get_or_create(year=year, defaults={"amount": 1000})
    coordinator = CoordinatorFactory()
    made = {"members": []}
    for n in range(start, start + size):
        paid, partial, unpaid, nothing = (MemberFactory(name=f"Ville {n}-{k}") for k in "abcd")
        made["members"] += [paid, partial, unpaid, nothing]
        FocalPointFactory(member=paid, confirmed_on=datetime.date(2020, 1, 1))
        FocalPointFactory(member=partial, confirmed_on=None, confirmation_requested_at=now)
        FocalPointFactory(member=unpaid, confirmed_on=timezone.localdate())
        DuesRecordFactory(member=paid, year=year, amount_due=None, status="paid")
        DuesRecordFactory(member=unpaid, year=year, amount_due=None, status="unpaid")
        members.dues_payment_record(
            member=partial, year=year, amount=250, paid_on=timezone.localdate(), method="cash", by=coordinator
        )
        NewsItemFactory(member=paid, status="submitted", published_at=None, submitted_at=now)
        ProgressUpdateFactory(action=ActionFactory(), proposed_status="done", review=ProgressUpdate.Review.PENDING)
        EventFactory(publication=Event.Publication.PROPOSED, host_member=paid)
        HostingCandidatureFactory(member=partial, year=2031)
        minutes = MinutesFactory()
        MinutesComment.objects.create(minutes=minutes, author=coordinator, text="Une coquille.")
        MinutesComment.objects.create(
            minutes=minutes, author=coordinator, kind="amendment", text="Autre formulation.", proposed_text="Texte."
        )
        round_ = consultations.consultation_open(
            by=coordinator,
            subject=f"Feuille de route {n}",
            opened_on=now - datetime.timedelta(days=1),
            deadline=now + datetime.timedelta(days=10),
            eligible=[paid, partial, unpaid],
        )
        person = PersonFactory(member=paid, user=UserFactory())
        FocalPoint.objects.filter(member=paid).update(person=person)
        consultations.response_submit(consultation=round_, member=paid, by=person.user, answer="approve")
        event = EventFactory(
            title=f"Atelier {n}",
            starts_at=now + datetime.timedelta(days=30 + n),
            ends_at=now + datetime.timedelta(days=30 + n, hours=3),
            capacity=40,
        )
        Registration.objects.create(event=event, person=person, registered_by=person.user)
        digest = Digest.objects.create(month=datetime.date(2010 + n // 12, 1 + n % 12, 1), started_at=now)
        DigestDelivery.objects.create(
            digest=digest, person=person, recipient_name="A", role="focal_point", status="sent", sent_at=now
        )
        DigestDelivery.objects.create(
            digest=digest,
            person=PersonFactory(member=paid),
            recipient_name="B",
            role="focal_point",
            status="failed",
            error="550",
        )
        MemberRevision.objects.create(member=paid, author=coordinator, changes={"phone": ["", "+856"]})
    made["coordinator"] = coordinator
    return made


def test_the_dashboard_says_what_waits_with_counts_and_links(client):
    made = network()
    client.force_login(made["coordinator"])
    response = client.get("/admin/")
    assert response.status_code == 200
    page = text(page_text(response))
    html = response.content.decode()
    assert "Tableau de bord de la coordination" in page
    assert "Ce qui vous attend 6" in page
    assert "1 actualité à modérer" in page and 'href="/news/"' in html
    assert "1 note d'avancement à examiner" in page and 'href="/plan/progress/"' in html
    assert "1 proposition d'événement" in page and 'href="/events/proposals/"' in html
    assert "1 candidature à l'accueil à décider" in page and 'href="/events/hosting/"' in html
    assert "1 commentaire de compte rendu sans réponse, 1 proposition d'amendement sans réponse" in page
    # Rounds: answers received / expected, deadline, next reminder (7 days before the deadline).
    assert "Feuille de route 0 1 / 3" in page
    line = selectors.open_consultations(now=timezone.now())[0]
    assert line["next_reminder"] == line["deadline"] - datetime.timedelta(days=7)
    # Dues of the year, per status, with the balance in money.
    assert "1 payé" in page and "1 partiellement payé" in page and "1 impayé" in page and "1 non renseigné" in page
    assert "Solde restant à payer : 1 750,00 EUR · reçu : 1 250,00 EUR" in page  # 750 + 1 000 left
    assert 'href="/admin/members/member/?dues=partial"' in html
    # Focal points: without a confirmed one (the partly paid member's and the member with none), old, pending.
    assert "2 membres sur 4 sans point focal confirmé" in page
    assert "1 confirmation de plus d'un an" in page and "1 demande de confirmation en attente" in page
    # Next events with registrations / capacity; the digest; recent activity.
    assert "Atelier 0" in page and "1 / 40" in page
    assert "Dernier envoi : janvier 2010 — 1 remis, 1 en échec" in page
    assert "Prochain envoi :" in page and "L'aperçu" in page
    assert f"a enregistré un paiement de 250,00 EUR de Ville 0-b (cotisation {timezone.localdate().year})" in page
    assert "a modifié la page de Ville 0-a" in page
    assert "a répondu à « Feuille de route 0 » pour Ville 0-a : Approuver" in page
    # The list of every model stays, below.
    assert 'href="/admin/members/member/"' in html and "Toutes les listes" in page


def test_the_dashboard_speaks_english(client):
    made = network()
    client.force_login(made["coordinator"])
    client.cookies["django_language"] = "en"
    page = text(page_text(client.get("/admin/")))
    assert "Coordination dashboard" in page and "What waits for you 6" in page
    assert "1 news item awaiting moderation" in page and "1 partly paid" in page
    assert "Balance left to pay: 1,750.00 EUR" in page


def test_the_dashboards_query_count_does_not_grow_with_ten_times_the_data(client):
    made = network(size=1)
    client.force_login(made["coordinator"])
    warm_up(client)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/admin/").status_code == 200
    network(size=10, start=1)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/admin/")
    assert "Ce qui vous attend 66" in text(page_text(response))
    assert len(large.captured_queries) == len(small.captured_queries), [q["sql"][:120] for q in large]
    assert len(small.captured_queries) <= DASHBOARD_BUDGET


# Session and user come from the cache; the dashboard's own parts: waiting (5), minutes (1), rounds (1), dues (2),
# focal points (3), next events (1), digest (2), activity (7), the preference (1), the app list (0).
DASHBOARD_BUDGET = 26


def test_the_next_digest_send_follows_the_schedule(settings):
    now = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=PHNOM_PENH)
    assert selectors.next_digest_send(now=now) == datetime.datetime(2027, 1, 1, 8, 0, tzinfo=PHNOM_PENH)
    status = selectors.digest_status(now=now)
    assert status["covered"] == datetime.date(2026, 12, 1)
    assert status["preview_url"] == "/admin/digest/digest/add/?month_text=2026-12"
    digest = Digest.objects.create(month=datetime.date(2026, 12, 1))
    assert selectors.digest_status(now=now)["preview_url"] == f"/admin/digest/digest/{digest.pk}/preview/"


def test_a_coordinator_chooses_how_to_be_told(coordinator_client, coordinator):
    page = page_text(coordinator_client.get("/admin/"))
    assert "Quand quelque chose attend, me prévenir par Un e-mail à chaque fois Un récapitulatif par jour" in page
    response = coordinator_client.post("/admin/notifications/", {"mode": "daily"}, follow=True)
    assert "Enregistré : un récapitulatif par jour." in page_text(response)
    assert coordinator.coordination_notifications.mode == "daily"
    assert coordinator_client.get("/admin/notifications/").status_code == 405


def test_only_the_coordination_reaches_the_dashboard(client):
    assert client.get("/admin/").status_code == 302
    client.force_login(UserFactory())
    assert client.get("/admin/").status_code == 302  # not staff: the admin's login page
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 200 and "Ce qui vous attend" not in page_text(response)
    assert client.post("/admin/notifications/", {"mode": "daily"}).status_code == 302
    assert not hasattr(staff, "coordination_notifications") or staff.coordination_notifications is None


def test_the_site_header_leads_a_coordinator_to_the_review_pages(coordinator_client, member_person):
    html = coordinator_client.get("/").content.decode()
    for url in ("/admin/", "/news/", "/plan/progress/", "/events/proposals/", "/events/hosting/"):
        assert f'href="{url}"' in html
    assert "À examiner" in page_text(coordinator_client.get("/"))
    member = Client()
    member.force_login(member_person.user)
    assert "À examiner" not in page_text(member.get("/"))


def test_django_wording_is_the_projects_where_it_read_badly(coordinator_client):
    assert "Ajouter : utilisateur" in page_text(coordinator_client.get("/admin/accounts/user/add/"))
    assert "Choisir pour modifier : action" in page_text(coordinator_client.get("/admin/actionplan/action/"))
    page = page_text(coordinator_client.get("/admin/accounts/user/add/"))
    assert "Ajout de utilisateur" not in page and "pourrez modifiez" not in page


def test_hosting_candidatures_count_only_those_waiting(coordinator_client):
    HostingCandidatureFactory(year=2031, status=HostingCandidature.Status.ACCEPTED)
    assert selectors.waiting_counts()["candidatures"] == 0
    member = MemberFactory()
    assert member  # a candidature of a member with nothing recorded waits like any other
    HostingCandidatureFactory(member=member, year=2032)
    assert selectors.waiting_counts()["candidatures"] == 1
