"""A small network with one month of activity: the digest of the month that has just ended (MONTH)."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from consultations import services as consultation_services
from consultations.models import Response
from digest import builder
from documents.models import Document
from events.models import Event
from members.models import DuesRecord, NewsItem
from tests.factories import (
    ActionFactory,
    CoordinatorFactory,
    DigestSubscriptionFactory,
    DocumentFactory,
    DuesRecordFactory,
    EventFactory,
    FocalPointFactory,
    MemberFactory,
    NewsItemFactory,
    PersonFactory,
    ProgressUpdateFactory,
    UserFactory,
)

PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")


def at(month: dt.date, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(month.year, month.month, day, hour, tzinfo=PHNOM_PENH)


@pytest.fixture
def month():
    """The month that has just ended, as the beat sends it."""
    return builder.previous_month()


@pytest.fixture
def network(db):
    """Hué and Vientiane in good standing, Kampot not; a focal point each; a Hué subscriber; a coordinator."""
    year = timezone.localdate().year
    hue = MemberFactory(name="Hué", slug="hue")
    vientiane = MemberFactory(name="Vientiane", slug="vientiane")
    kampot = MemberFactory(name="Province de Kampot", slug="kampot")
    DuesRecordFactory(member=hue, year=year)
    DuesRecordFactory(member=vientiane, year=year, status=DuesRecord.Status.EXEMPT)
    DuesRecordFactory(member=kampot, year=year, amount_paid=250, status=DuesRecord.Status.PARTIAL)

    def focal_point(member, language):
        user = UserFactory(email=f"fp@{member.slug}.example", preferred_language=language)
        person = PersonFactory(member=member, user=user, full_name=f"Point focal {member.name}")
        return FocalPointFactory(member=member, person=person)

    subscriber = DigestSubscriptionFactory(
        person=PersonFactory(
            member=hue,
            full_name="Abonnée de Hué",
            user=UserFactory(email="abonnee@hue.example", preferred_language="en"),
        )
    ).person
    return {
        "hue": hue,
        "vientiane": vientiane,
        "kampot": kampot,
        "fp_hue": focal_point(hue, "fr"),
        "fp_vientiane": focal_point(vientiane, "en"),
        "fp_kampot": focal_point(kampot, "fr"),
        "subscriber": subscriber,
        # Neither a focal point nor subscribed: receives nothing.
        "bystander": PersonFactory(member=hue, full_name="Personne de Hué", user=UserFactory()),
        "coordinator": CoordinatorFactory(email="coordination@example.org"),
    }


@pytest.fixture
def activity(network, month):
    """What happened in MONTH (and around it, which the digest must leave out)."""
    hue, vientiane = network["hue"], network["vientiane"]
    before, after = builder.add_months(month, -1), builder.add_months(month, 1)
    next_next, too_far = builder.add_months(month, 2), builder.add_months(month, 3)
    now = timezone.now()
    NewsItemFactory(member=hue, title="Hué inaugure ses toilettes publiques", published_at=at(month, 12))
    NewsItemFactory(member=vientiane, title="Nouvelle du mois précédent", published_at=at(before, 20))
    NewsItemFactory(member=hue, title="Brouillon de Hué", status=NewsItem.Status.DRAFT, published_at=None)
    EventFactory(
        title="Conférence Villes intelligentes",
        starts_at=at(next_next, 3, 9),
        ends_at=at(next_next, 3, 17),
        year=next_next.year,
        place="Hôtel de ville",
        city="Vientiane",
    )
    EventFactory(
        title="Réunion interne des membres",
        visibility=Event.Visibility.MEMBERS,
        starts_at=at(next_next, 20, 9),
        ends_at=at(next_next, 20, 12),
        year=next_next.year,
    )
    EventFactory(title="Atelier trop lointain", starts_at=at(too_far, 5), ends_at=at(too_far, 5, 15), year=too_far.year)
    EventFactory(
        title="Événement proposé non publié",
        publication=Event.Publication.PROPOSED,
        starts_at=at(next_next, 8),
        ends_at=at(next_next, 8, 12),
        year=next_next.year,
    )
    action = ActionFactory(activities="Assainissement des quartiers")
    ProgressUpdateFactory(action=action, date=month.replace(day=15), text="Étude de faisabilité terminée à Hué.")
    ProgressUpdateFactory(action=action, date=after.replace(day=1), text="Note du mois suivant.")
    DocumentFactory(title="Compte rendu du séminaire", published_on=month.replace(day=20))
    DocumentFactory(
        title="Note réservée à la coordination",
        published_on=month.replace(day=21),
        visibility=Document.Visibility.COORDINATION,
    )
    DocumentFactory(title="Document ancien", published_on=before.replace(day=2))
    consultation = consultation_services.consultation_open(
        by=network["coordinator"],
        subject="Feuille de route Villes intelligentes 2024-2025",
        opened_on=now - dt.timedelta(days=2),
        deadline=now + dt.timedelta(days=12),
        eligible=[hue, vientiane],
    )
    Response.objects.create(
        consultation=consultation,
        member=hue,
        answer=Response.Answer.APPROVE,
        answered_by=network["fp_hue"].person.user,
        answered_at=now - dt.timedelta(days=1),
    )
    return {"consultation": consultation, "action": action}


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def by_recipient(outbox) -> dict[str, object]:
    messages = {}
    for message in outbox:
        assert len(message.to) == 1
        assert message.to[0] not in messages, f"{message.to[0]} received two e-mails"
        messages[message.to[0]] = message
    return messages


def html_of(message) -> str:
    (html, mimetype), *_rest = message.alternatives
    assert mimetype == "text/html"
    return html
