"""“Mon espace” (/me/): what each person has to do, with dates, their events, and what is new since their last visit."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionplan import services as plan_services
from actionplan.models import Action
from consultations import services as consultation_services
from documents.models import Document
from events import services as event_services
from events.models import Event, Registration
from members.models import DuesPayment, NewsItem
from minutes import services as minutes_services
from minutes.models import Minutes
from portal import services as portal_services
from portal.models import PortalVisit
from tests.factories import (
    ActionFactory,
    CoordinatorFactory,
    DecisionFactory,
    DocumentFactory,
    DuesRecordFactory,
    EventFactory,
    FocalPointFactory,
    MemberFactory,
    MinutesAttendeeFactory,
    MinutesFactory,
    NewsItemFactory,
    PersonFactory,
    ProjectFactory,
    UserFactory,
)
from tests.utils import page_text, warm_up

pytestmark = pytest.mark.django_db
PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def my_space(user) -> str:
    response = client_for(user).get("/me/")
    assert response.status_code == 200
    return page_text(response)


def my_tasks(user) -> str:
    """The "À faire" part of the page (and my member's card, which follows it)."""
    return my_space(user).split("À faire", 1)[1].split("Mes événements", 1)[0]


@pytest.fixture
def hue(db):
    return MemberFactory(name="Hué", slug="hue")


@pytest.fixture
def hue_focal_point(hue):
    return FocalPointFactory(member=hue, person=PersonFactory(member=hue, full_name="Trần Song", user=UserFactory()))


@pytest.fixture
def hue_person(hue):
    return PersonFactory(member=hue, full_name="Lê Thu", user=UserFactory())


def open_round(*members, days=5, subject="Plan d'action thématique sur l'assainissement"):
    now = timezone.now()
    return consultation_services.consultation_open(
        by=None,
        subject=subject,
        text="Soumis à la validation des membres.",
        opened_on=now - dt.timedelta(hours=1),
        deadline=now + dt.timedelta(days=days),
        tacit_approval=False,
        eligible=list(members),
    )


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/me/")


def test_the_header_menu_links_to_my_space_and_the_account_pages(hue_person):
    page = client_for(hue_person.user).get("/").content.decode()
    for url in ("/me/", "/accounts/password/change/", "/accounts/email/", "/digest/", "/events/calendar/"):
        assert f'href="{url}"' in page
    assert "<details" in page  # opens without a script
    assert "Se déconnecter" in page
    # Two-factor authentication is offered where allauth's MFA app is installed (it is, since the hardening issue).
    assert 'href="/accounts/2fa/"' in page and "deux facteurs" in page


@pytest.mark.parametrize("url", ["/accounts/password/change/", "/accounts/email/"])
def test_the_account_pages_of_the_menu_open(hue_person, url):
    assert client_for(hue_person.user).get(url).status_code == 200


def test_an_open_round_shows_with_its_deadline_until_the_member_answers(hue, hue_focal_point):
    consultation = open_round(hue, days=5)
    page = my_space(hue_focal_point.person.user)
    assert "Plan d'action thématique sur l'assainissement" in page
    assert "Répondre pour Hué" in page
    local_deadline = timezone.localtime(consultation.deadline)
    assert f"avant le {local_deadline.day} " in page
    assert f"{local_deadline:%H:%M}" in page
    consultation_services.response_submit(
        consultation=consultation, member=hue, by=hue_focal_point.person.user, answer="approve"
    )
    page = my_space(hue_focal_point.person.user)
    assert "Plan d'action thématique sur l'assainissement" not in page
    assert "Rien à faire pour le moment." in page


def test_closed_rounds_other_members_rounds_and_rounds_not_open_yet_are_not_tasks(hue, hue_focal_point):
    other = MemberFactory(name="Vientiane")
    open_round(other, subject="Consultation de Vientiane seulement")
    past = open_round(hue, subject="Consultation close")
    consultation_services.consultation_close(consultation=past)
    now = timezone.now()
    consultation_services.consultation_open(
        by=None,
        subject="Consultation pas encore ouverte",
        opened_on=now + dt.timedelta(days=1),
        deadline=now + dt.timedelta(days=9),
        eligible=[hue],
    )
    page = my_space(hue_focal_point.person.user)
    for subject in ("Consultation de Vientiane seulement", "Consultation close", "Consultation pas encore ouverte"):
        assert subject not in page


def test_a_members_person_who_is_not_its_focal_point_is_told_the_focal_point_answers(hue, hue_person):
    open_round(hue)
    page = my_space(hue_person.user)
    assert "Plan d'action thématique sur l'assainissement" in page
    assert "Votre point focal répond pour Hué" in page


def test_an_unconfirmed_focal_point_confirms_from_my_space(hue):
    focal_point = FocalPointFactory(member=hue, confirmed_on=None, person=PersonFactory(member=hue, user=UserFactory()))
    client = client_for(focal_point.person.user)
    response = client.get("/me/")
    assert "Point focal de Hué" in page_text(response)
    link = next(
        line.split('href="')[1].split('"')[0]
        for line in response.content.decode().splitlines()
        if "/members/focal-points/confirm/" in line
    )
    client.post(link)
    focal_point.refresh_from_db()
    assert focal_point.confirmed_on == timezone.localdate()
    assert "Point focal de Hué" not in page_text(client.get("/me/"))


def test_progress_notes_are_due_on_the_members_actions_and_projects_under_way(hue, hue_focal_point):
    action = ActionFactory(
        activities="Formation des techniciens aux boues de vidange", status=Action.Status.IN_PROGRESS
    )
    action.members.add(hue)
    done = ActionFactory(activities="Action terminée", status=Action.Status.DONE)
    done.members.add(hue)
    project = ProjectFactory(title="Projet FSM de Hué", status="in_progress")
    project.members.add(hue)
    page = my_space(hue_focal_point.person.user)
    assert f"Action {action.number} : Formation des techniciens aux boues de vidange" in page
    assert "Projet : Projet FSM de Hué" in page
    assert "Action terminée" not in page
    assert "Aucune note d'avancement pour l'instant" in page

    plan_services.progress_note_post(
        target=action, author=hue_focal_point.person.user, text="Atelier tenu.", date=timezone.localdate()
    )
    page = my_space(hue_focal_point.person.user)
    assert "Formation des techniciens aux boues de vidange" not in page
    assert "Projet FSM de Hué" in page


def test_progress_notes_are_asked_of_focal_points_only(hue, hue_person):
    action = ActionFactory(activities="Formation des techniciens", status=Action.Status.IN_PROGRESS)
    action.members.add(hue)
    assert "Formation des techniciens" not in my_space(hue_person.user)


def test_circulated_minutes_ask_the_attendees_for_comments_until_they_comment(hue, hue_person):
    minutes = MinutesFactory(
        event__title="Réunion annuelle 2029", status=Minutes.Status.CIRCULATED, circulated_on=dt.date(2029, 6, 1)
    )
    MinutesAttendeeFactory(minutes=minutes, person=hue_person)
    not_mine = MinutesFactory(event__title="Atelier sans moi", status=Minutes.Status.CIRCULATED)
    MinutesAttendeeFactory(minutes=not_mine)
    tasks = my_tasks(hue_person.user)
    assert "Compte rendu : Réunion annuelle 2029" in tasks
    assert "Les lire et envoyer vos commentaires" in tasks
    assert "Atelier sans moi" not in tasks
    minutes_services.minutes_comment_add(minutes=minutes, by=hue_person.user, text="Corriger mon titre.")
    assert "Réunion annuelle 2029" not in my_tasks(hue_person.user)


def test_the_focal_point_of_an_attending_member_is_asked_too(hue, hue_focal_point):
    minutes = MinutesFactory(event__title="Réunion annuelle 2029", status=Minutes.Status.CIRCULATED)
    MinutesAttendeeFactory(minutes=minutes, person=None, member=hue)
    assert "Compte rendu : Réunion annuelle 2029" in my_space(hue_focal_point.person.user)


def test_the_dues_of_the_year_for_the_members_people(hue, hue_person):
    year = timezone.localdate().year
    assert "Cotisation" in my_space(hue_person.user)
    assert "non renseignée" in my_space(hue_person.user)  # no record: "not recorded", never "late"
    record = DuesRecordFactory(
        member=hue, year=year, amount_due=Decimal("1000"), amount_paid=Decimal("400"), status="partial"
    )
    page = my_space(hue_person.user)
    assert f"Cotisation {year} de Hué" in page  # a task
    assert "600,00" in page and "EUR" in page
    # The member pays the rest (dues are money: a payment, not a status).
    DuesPayment.objects.create(record=record, amount=Decimal("600"), paid_on=timezone.localdate())
    page = my_space(hue_person.user)
    assert f"Cotisation {year} de Hué" not in page
    assert "à jour" in page


def test_registrations_closing_soon_until_registered(hue, hue_person):
    DuesRecordFactory(member=hue, year=timezone.localdate().year)
    now = timezone.now()
    soon = EventFactory(
        title="Atelier smart cities",
        starts_at=now + dt.timedelta(days=20),
        registration_deadline=now + dt.timedelta(days=3),
    )
    EventFactory(title="Atelier lointain", starts_at=now + dt.timedelta(days=90))
    tasks = my_tasks(hue_person.user)
    assert "Atelier smart cities" in tasks
    assert "S'inscrire avant la clôture des inscriptions" in tasks
    assert "Atelier lointain" not in tasks  # listed among the upcoming events, not the tasks
    Registration.objects.create(event=soon, person=hue_person, registered_by=hue_person.user)
    page = my_space(hue_person.user)
    assert "S'inscrire avant la clôture des inscriptions" not in page
    assert "Mes inscriptions" in page
    assert "Atelier smart cities" in page.split("Mes inscriptions")[1]


def test_my_calendar_feed(hue_person):
    client = client_for(hue_person.user)
    assert "Obtenir mon calendrier personnel" in page_text(client.get("/me/"))
    token = event_services.calendar_token_regenerate(user=hue_person.user)
    assert token.get_absolute_url() in client.get("/me/").content.decode()


def test_what_is_new_since_the_last_visit(hue, hue_person):
    user = hue_person.user
    now = timezone.now()
    PortalVisit.objects.create(user=user, seen_at=now - dt.timedelta(days=3), previous_seen_at=None)
    NewsItemFactory(title="Nouvelle d'avant", published_at=now - dt.timedelta(days=5))
    NewsItemFactory(title="Nouvelle d'hier", published_at=now - dt.timedelta(days=1))
    NewsItemFactory(title="Brouillon", status=NewsItem.Status.DRAFT, published_at=None)
    DocumentFactory(title="Note publique récente", visibility="public", published_on=timezone.localdate())
    DocumentFactory(title="Note interne récente", visibility="members", published_on=timezone.localdate())
    DocumentFactory(title="Note de la coordination", visibility="coordination", published_on=timezone.localdate())
    minutes = MinutesFactory(status=Minutes.Status.APPROVED, approved_on=timezone.localdate())
    DecisionFactory(minutes=minutes, title="Adhésion de nouvelles villes")
    page = my_space(user)
    new = page.split("Nouveau depuis ma dernière visite")[1]
    assert "Nouvelle d'hier" in new
    assert "Nouvelle d'avant" not in new
    assert "Brouillon" not in new
    assert "Note publique récente" in new and "Note interne récente" in new
    assert "Note de la coordination" not in new
    assert "Adhésion de nouvelles villes" in new


def test_a_person_of_no_member_sees_only_public_novelties(db):
    outsider = UserFactory()
    DocumentFactory(title="Note publique récente", visibility="public", published_on=timezone.localdate())
    DocumentFactory(title="Note interne récente", visibility="members", published_on=timezone.localdate())
    page = my_space(outsider)
    assert "Note publique récente" in page
    assert "Note interne récente" not in page
    assert "Décisions et recommandations" not in page
    assert "Votre compte n'est rattaché à aucun membre du réseau." in page


def test_visits_within_an_hour_are_one_visit(hue_person):
    user = hue_person.user
    start = timezone.now()
    assert portal_services.portal_visit_record(user=user, now=start) is None
    assert portal_services.portal_visit_record(user=user, now=start + dt.timedelta(minutes=20)) is None
    later = start + dt.timedelta(hours=5)
    assert portal_services.portal_visit_record(user=user, now=later) == start + dt.timedelta(minutes=20)
    # Coming back to the page during that visit keeps "since" where it was.
    assert portal_services.portal_visit_record(user=user, now=later + dt.timedelta(minutes=5)) == start + dt.timedelta(
        minutes=20
    )


def test_reopening_my_space_soon_writes_nothing(hue_person, django_capture_on_commit_callbacks):
    """Reloads (or several tabs) within RECORD_EVERY lock and write no row; the visit is recorded again after it."""
    user = hue_person.user
    start = timezone.now() - dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert portal_services.portal_visit_record(user=user, now=start) is None
    with CaptureQueriesContext(connection) as queries:
        assert portal_services.portal_visit_record(user=user, now=start + dt.timedelta(minutes=4)) is None
    assert len(queries.captured_queries) == 0
    assert PortalVisit.objects.get(user=user).seen_at == start
    with django_capture_on_commit_callbacks(execute=True):
        assert portal_services.portal_visit_record(user=user, now=start + portal_services.RECORD_EVERY) is None
    assert PortalVisit.objects.get(user=user).seen_at == start + portal_services.RECORD_EVERY
    # A new visit an hour later still says since when.
    later = start + portal_services.RECORD_EVERY + portal_services.VISIT_GAP
    assert portal_services.portal_visit_record(user=user, now=later) == start + portal_services.RECORD_EVERY

    client = client_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/me/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/me/").status_code == 200
    assert not [query for query in queries.captured_queries if "portal_portalvisit" in query["sql"]]


def test_my_member_with_its_edit_page_and_news_form_for_its_focal_point(hue, hue_focal_point, hue_person):
    page = client_for(hue_focal_point.person.user).get("/me/").content.decode()
    assert 'href="/members/hue/"' in page
    assert 'href="/members/hue/edit/"' in page
    assert 'href="/news/new/?member=hue"' in page
    page = client_for(hue_person.user).get("/me/").content.decode()
    assert 'href="/members/hue/"' in page
    assert 'href="/members/hue/edit/"' not in page


def test_the_coordinators_version_links_to_the_dashboard(db):
    coordinator = CoordinatorFactory()
    NewsItemFactory(status=NewsItem.Status.SUBMITTED, published_at=None)
    FocalPointFactory(confirmed_on=None)
    response = client_for(coordinator).get("/me/")
    page = page_text(response)
    assert 'href="/admin/"' in response.content.decode()
    assert "Tableau de bord de la coordination" in page
    assert "1 actualité en attente de publication" in page
    assert "1 point focal non confirmé" in page


def _network(scale: int):
    """A member with `scale` times the things "Mon espace" reads: rounds, actions, minutes, events, news…"""
    member = MemberFactory()
    focal_point = FocalPointFactory(member=member, person=PersonFactory(member=member, user=UserFactory()))
    user = focal_point.person.user
    DuesRecordFactory(member=member, year=timezone.localdate().year, status="partial", amount_paid=10)
    now = timezone.now()
    for index in range(scale):
        open_round(member, subject=f"Consultation {index}")
        action = ActionFactory(status=Action.Status.IN_PROGRESS)
        action.members.add(member)
        ProjectFactory(status="in_progress").members.add(member)
        minutes = MinutesFactory(status=Minutes.Status.CIRCULATED)
        MinutesAttendeeFactory(minutes=minutes, person=focal_point.person)
        approved = MinutesFactory(status=Minutes.Status.APPROVED, approved_on=timezone.localdate())
        DecisionFactory(minutes=approved)
        event = EventFactory(starts_at=now + dt.timedelta(days=5 + index), registration_deadline=None)
        Registration.objects.create(event=event, person=focal_point.person)
        EventFactory(starts_at=now + dt.timedelta(days=6 + index), visibility=Event.Visibility.MEMBERS)
        NewsItemFactory(member=member, published_at=now - dt.timedelta(days=1))
        DocumentFactory(visibility=Document.Visibility.MEMBERS, published_on=timezone.localdate())
        FocalPointFactory(member=MemberFactory(), confirmed_on=None)
    return user


def count_queries(user) -> int:
    client = client_for(user)
    warm_up(client)
    client.get("/me/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/me/").status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["focal_point", "coordinator"])
def test_the_query_count_is_pinned_and_does_not_grow_with_ten_times_the_data(db, role):
    small = _network(1)
    if role == "coordinator":
        small = CoordinatorFactory()
    few = count_queries(small)
    big = _network(10)
    if role == "coordinator":
        big = CoordinatorFactory(email="other-coordinator@example.org")
    many = count_queries(big)
    print(f"\n/me/ queries for {role}: {few} with 1x data, {many} with 10x")
    assert few == many
    assert many <= 24


def test_tasks_come_soonest_first_dated_ones_before_undated_ones(hue, hue_focal_point):
    open_round(hue, days=9, subject="Consultation du mois prochain")
    open_round(hue, days=2, subject="Consultation urgente")
    action = ActionFactory(activities="Formation sans note récente", status=Action.Status.IN_PROGRESS)
    action.members.add(hue)
    plan_services.progress_note_post(
        target=action,
        author=hue_focal_point.person.user,
        text="Premier atelier.",
        date=timezone.localdate() - dt.timedelta(days=100),
    )
    tasks = my_tasks(hue_focal_point.person.user)
    urgent, later, undated = (
        tasks.index("Consultation urgente"),
        tasks.index("Consultation du mois prochain"),
        tasks.index("Formation sans note récente"),
    )
    assert urgent < later < undated
    assert "Dernière note le" in tasks
