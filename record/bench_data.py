"""Ten times the network's data, for the benchmark (`make bench`) and the tests that pin how pages grow with it.

On top of the 2023 record (load_rvase_2023): up to 120 members (with a person and a confirmed focal point each),
150 actions in the current plan, 2,000 events (half of them past), 5,000 documents and 500 published news items.
Every generated row is marked as such in its text ("[banc d'essai]"): it is test data, never the network's. Rows
are written with bulk_create (no signals), so the visitors' page cache is renewed at the end.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.db import transaction
from django.utils import timezone

from actionplan.models import Action, ActionPlan, Axis, Theme
from common.page_cache import CONTENT_APPS, renew_app_tokens
from documents.models import Document, DocumentVersion
from events.ics import store_calendar_entries
from events.models import Event
from members.models import Country, FocalPoint, Member, NewsItem, Person

MARK = "[banc d'essai]"
TARGET = {"members": 120, "actions": 150, "events": 2000, "documents": 5000, "news": 500}
PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
WORDS = (
    "assainissement",
    "gestion",
    "des",
    "déchets",
    "tourisme",
    "durable",
    "ville",
    "intelligente",
    "violences",
    "basées",
    "sur",
    "le",
    "genre",
    "eau",
    "potable",
    "mobilité",
    "urbaine",
    "patrimoine",
    "formation",
    "des",
    "agents",
    "coopération",
    "décentralisée",
    "résilience",
    "climatique",
)


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


@transaction.atomic
def generate(*, scale: int = 10, seed: int = 10, calendar_entries: bool = True) -> dict[str, int]:
    """Add rows until each count of TARGET × scale / 10 is reached (scale=1: a tenth of it, the "1×" of the tests
    that compare); run twice, adds nothing the second time. The events' calendar entries are made as saving each
    event would make them (events.signals), unless `calendar_entries` is false (tests that read no feed)."""
    rng = random.Random(seed + scale)
    target = {name: count * scale // 10 for name, count in TARGET.items()}
    today = timezone.localdate()
    countries = list(Country.objects.order_by("code"))
    themes = list(Theme.objects.order_by("pk"))
    made = {}

    existing = Member.objects.count()
    members = [
        Member(
            name=f"Ville {number} {MARK}",
            slug=f"banc-ville-{number}",
            kind=Member.Kind.CITY,
            country=countries[number % len(countries)],
            description=f"{MARK} {_words(rng, 12)}",
        )
        for number in range(existing + 1, target["members"] + 1)
    ]
    Member.objects.bulk_create(members)
    people = Person.objects.bulk_create(
        Person(full_name=f"Personne {member.slug} {MARK}", member=member, title="Point focal") for member in members
    )
    FocalPoint.objects.bulk_create(
        FocalPoint(person=person, member=person.member, is_primary=True, confirmed_on=today) for person in people
    )
    made["members"] = len(members)
    all_members = list(Member.objects.order_by("pk"))

    plan = ActionPlan.objects.order_by("-year").first()
    if plan is None:
        plan = ActionPlan.objects.create(year=today.year, title=f"Plan d'action {today.year} {MARK}")
    axes = list(Axis.objects.filter(plan=plan).order_by("number")) or [
        Axis.objects.create(plan=plan, number=1, title=f"Axe {MARK}")
    ]
    numbers = set(Action.objects.filter(plan=plan).values_list("number", flat=True))
    free = (number for number in range(1, 10_000) if number not in numbers)
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            axis=axes[index % len(axes)],
            number=next(free),
            activities=f"{MARK} {_words(rng, 10)}",
            current_state=_words(rng, 20),
            status=rng.choice(Action.Status.values),
        )
        for index in range(max(0, target["actions"] - len(numbers)))
    )
    Action.members.through.objects.bulk_create(
        Action.members.through(action=action, member=member)
        for action in actions
        for member in rng.sample(all_members, 3)
    )
    if themes:
        Action.themes.through.objects.bulk_create(
            Action.themes.through(action=action, theme=rng.choice(themes)) for action in actions
        )
    made["actions"] = len(actions)

    existing = Event.objects.count()
    events = []
    for number in range(existing + 1, target["events"] + 1):
        start = dt.datetime.combine(today, dt.time(9), PHNOM_PENH) + dt.timedelta(days=rng.randint(-1800, 1800))
        events.append(
            Event(
                slug=f"banc-evenement-{number}",
                kind=rng.choice(Event.Kind.values),
                title=f"Atelier {number} : {_words(rng, 4)} {MARK}",
                description=_words(rng, 30),
                starts_at=start,
                ends_at=start + dt.timedelta(hours=3),
                timezone="Asia/Phnom_Penh",
                year=start.year,
                city="Phnom Penh",
                host_member=rng.choice(all_members),
                visibility=Event.Visibility.PUBLIC if number % 4 else Event.Visibility.MEMBERS,
            )
        )
    Event.objects.bulk_create(events)
    if calendar_entries:
        store_calendar_entries(Event.objects.filter(pk__in=[event.pk for event in events]).select_related("country"))
    made["events"] = len(events)
    all_events = list(Event.objects.order_by("pk").only("pk"))

    existing = Document.objects.count()
    documents = Document.objects.bulk_create(
        Document(
            title=f"Rapport {number} : {_words(rng, 4)} {MARK}",
            description=_words(rng, 25),
            category=rng.choice(Document.Category.values),
            event=rng.choice(all_events) if number % 3 == 0 else None,
            member=rng.choice(all_members) if number % 2 == 0 else None,
            language=rng.choice(Document.Language.values),
            visibility=[Document.Visibility.PUBLIC, Document.Visibility.MEMBERS, Document.Visibility.COORDINATION][
                number % 3
            ],
            published_on=today - dt.timedelta(days=rng.randint(0, 3650)),
        )
        for number in range(existing + 1, target["documents"] + 1)
    )
    DocumentVersion.objects.bulk_create(
        DocumentVersion(
            document=document,
            number=1,
            file=f"bench/{document.pk}.pdf",
            original_name=f"rapport-{document.pk}.pdf",
            content_type="application/pdf",
            size=rng.randint(50_000, 5_000_000),
        )
        for document in documents
    )
    made["documents"] = len(documents)

    existing = NewsItem.objects.count()
    now = timezone.now()
    news = NewsItem.objects.bulk_create(
        NewsItem(
            member=rng.choice(all_members),
            title=f"Nouvelle {number} : {_words(rng, 4)} {MARK}",
            text=_words(rng, 60),
            status=NewsItem.Status.PUBLISHED,
            published_at=now - dt.timedelta(hours=rng.randint(1, 24 * 1500)),
        )
        for number in range(existing + 1, target["news"] + 1)
    )
    made["news"] = len(news)
    renew_app_tokens(CONTENT_APPS)
    return made
