import datetime as dt
import unicodedata
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from actionplan.models import (
    Action,
    ActionPlan,
    Axis,
    Milestone,
    Partner,
    Project,
    ThematicRoadmap,
    Theme,
    WorkingModality,
)
from events.models import Event, Session, SessionSpeaker
from members.models import Country, DuesRecord, Member, Person
from minutes.models import Decision, Minutes

UTC = dt.UTC

MEMBER_KINDS = {
    "phnom-penh": Member.Kind.CITY,
    "siem-reap": Member.Kind.CITY,
    "kampot": Member.Kind.PROVINCE,
    "battambang": Member.Kind.PROVINCE,
    "asac": Member.Kind.ASSOCIATION,
    "vientiane": Member.Kind.CITY,
    "luang-prabang": Member.Kind.CITY,
    "hue": Member.Kind.CITY,
    "can-tho": Member.Kind.CITY,
    "hai-phong": Member.Kind.CITY,
    "yen-bai": Member.Kind.PROVINCE,
    "ho-chi-minh-ville": Member.Kind.CITY,
}


def load() -> str:
    out = StringIO()
    call_command("load_rvase_2023", stdout=out)
    return out.getvalue()


def project_model_counts() -> dict[str, int]:
    labels = ("members", "actionplan", "events", "minutes", "documents", "accounts")
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in labels
    }


@pytest.fixture
def loaded(db):
    return load()


@pytest.mark.django_db
def test_prints_a_summary(loaded):
    assert "members: 12 (12 new)" in loaded
    assert "actions: 15 (15 new)" in loaded


@pytest.mark.django_db
def test_countries(loaded):
    assert {(c.code, c.name, c.local_name, c.timezone) for c in Country.objects.all()} == {
        ("KH", "Cambodge", "កម្ពុជា", "Asia/Phnom_Penh"),
        ("LA", "Laos", "ລາວ", "Asia/Vientiane"),
        ("VN", "Vietnam", "Việt Nam", "Asia/Ho_Chi_Minh"),
    }


@pytest.mark.django_db
def test_members_slugs_kinds_and_countries(loaded):
    assert dict(Member.objects.values_list("slug", "kind")) == MEMBER_KINDS
    assert not Member.objects.filter(is_aimf_member=False).exists()
    # Descriptions are the deck's sentences about a member; the deck has none about these.
    assert set(Member.objects.filter(description="").values_list("slug", flat=True)) == {
        "phnom-penh",
        "siem-reap",
        "kampot",
        "battambang",
        "hai-phong",
        "yen-bai",
        "ho-chi-minh-ville",
    }
    assert Member.objects.get(slug="asac").name == "ASAC"
    assert not Member.objects.filter(name__icontains="Association des Autorités Locales").exists()
    by_country = {
        code: set(Member.objects.filter(country__code=code).values_list("slug", flat=True))
        for code in ("KH", "LA", "VN")
    }
    assert by_country["KH"] == {"phnom-penh", "siem-reap", "kampot", "battambang", "asac"}
    assert by_country["LA"] == {"vientiane", "luang-prabang"}
    assert Member.objects.get(slug="phnom-penh").local_name == "ភ្នំពេញ"
    assert Member.objects.get(slug="luang-prabang").local_name == "ຫຼວງພະບາງ"
    assert Member.objects.get(slug="hue").name == "Hué"
    assert Member.objects.get(slug="ho-chi-minh-ville").local_name == "Thành phố Hồ Chí Minh"


@pytest.mark.django_db
def test_people_with_vietnamese_names_spelled_right(loaded):
    phuoc = Person.objects.get(full_name="Nguyễn Thế Phước")
    assert phuoc.member.slug == "yen-bai"
    assert phuoc.is_official
    assert phuoc.honorific == "Monsieur"
    assert phuoc.title == "Vice Président du Comité Populaire de la Province de Yen Bai"
    assert "permanent" not in phuoc.title
    assert Person.objects.get(full_name="Nguyễn Thị Thanh Mỹ").member.slug == "ho-chi-minh-ville"
    assert Person.objects.get(full_name="Trần Song").member.slug == "hue"
    for person in Person.objects.all():
        assert unicodedata.is_normalized("NFC", person.full_name)
    assert not Person.objects.filter(full_name__icontains="PHUÓC").exists()
    ardesi = Person.objects.get(full_name="Arianna Ardesi")
    assert ardesi.member is None and not ardesi.is_official and ardesi.organisation == "AIMF"
    assert Person.objects.get(full_name="Nuon Pharat").member.slug == "phnom-penh"
    assert Person.objects.get(full_name="Pierre Baillet").title == "Secrétaire permanent de l'AIMF"
    assert Person.objects.filter(is_official=True).count() == 9
    assert Person.objects.count() == 12


@pytest.mark.django_db
def test_themes_and_modalities(loaded):
    assert Theme.objects.filter(kind=Theme.Kind.MAIN).count() == 3
    assert Theme.objects.filter(kind=Theme.Kind.TRANSVERSAL).count() == 4
    assert set(Theme.objects.filter(kind=Theme.Kind.MAIN).values_list("slug", flat=True)) == {
        "gouvernance-urbaine-smart-cities",
        "assainissement",
        "tourisme-durable",
    }
    francophonie = Theme.objects.get(slug="francophonie")
    assert francophonie.kind == Theme.Kind.TRANSVERSAL
    assert "suggestion des membres" in francophonie.description
    assert WorkingModality.objects.count() == 11
    assert WorkingModality.objects.filter(category=WorkingModality.Category.EXCHANGE).count() == 5
    assert WorkingModality.objects.filter(category=WorkingModality.Category.TRAINING).count() == 3
    assert WorkingModality.objects.filter(category=WorkingModality.Category.PROJECTS).count() == 3


@pytest.mark.django_db
def test_action_plan_axes_and_actions(loaded):
    plan = ActionPlan.objects.get(year=2023)
    assert plan.title == "Plan d'action 2023"
    assert Axis.objects.filter(plan=plan).count() == 3
    assert [axis.actions.count() for axis in plan.axes.order_by("number")] == [7, 5, 3]
    assert list(plan.actions.values_list("number", flat=True)) == list(range(1, 16))
    assert list(plan.axes.get(number=3).actions.values_list("number", flat=True)) == [13, 14, 15]
    assert plan.axes.get(number=1).objective == "Renforcer le dialogue régional entre les autorités locales"
    assert plan.axes.get(number=2).title == "Soutenir la maîtrise d'oeuvre à l'échelle locale"


@pytest.mark.django_db
def test_action_one_columns_are_the_decks_words(loaded):
    action = Action.objects.get(plan__year=2023, number=1)
    assert action.activities == "Prise de contact les villes membres et leurs points focaux ; confirmation des besoins."
    assert "Cambodge : ASAC, Kampot, Phnom Penh." in action.current_state
    assert "Vietnam : Hue, Can Tho, Hai Phong." in action.current_state
    assert "<u>" not in action.current_state
    assert action.planned_activities == "Dialogue ouvert en continu."
    assert action.proposals.startswith("Nomination officiel d'un point focal au sein des autres membres du réseau")
    assert action.status == Action.Status.NOT_RECORDED
    assert set(action.members.values_list("slug", flat=True)) == {
        "asac",
        "kampot",
        "phnom-penh",
        "luang-prabang",
        "vientiane",
        "hue",
        "can-tho",
        "hai-phong",
    }


@pytest.mark.django_db
def test_other_actions(loaded):
    actions = {a.number: a for a in Action.objects.filter(plan__year=2023)}
    assert actions[4].current_state == "Rencontre annuelle du RVASE organisée."
    # The deck has no status column; its only status is action 4's "En cours !".
    assert actions[4].status == Action.Status.IN_PROGRESS
    assert {number for number, action in actions.items() if action.status == Action.Status.NOT_RECORDED} == (
        set(range(1, 16)) - {4}
    )
    assert actions[10].current_state == actions[10].planned_activities == actions[10].proposals == ""
    assert (
        actions[14].planned_activities == "Lancement prochain des deux projets concrets validés au bureau d'avril 2022"
    )
    assert set(actions[13].members.values_list("slug", flat=True)) == {"luang-prabang", "phnom-penh"}
    assert list(actions[6].themes.values_list("slug", flat=True)) == ["assainissement"]
    assert list(actions[12].themes.values_list("slug", flat=True)) == ["assainissement"]
    assert actions[2].partners.filter(name="CGLU-ASPAC").exists()
    assert not actions[15].partners.filter(acronym="ADB").exists()
    # Only the links the deck draws: action 2's contacts, action 15's "AUF, Ambassades de France".
    assert set(actions[15].partners.values_list("name", flat=True)) == {
        "AUF au Cambodge et bureau région Asie",
        "AUF Laos",
        "Ambassade de France au Cambodge",
        "Ambassade de France au Vietnam",
    }
    assert not actions[2].partners.filter(name__in=["UN-ESCAP", "ASEAN Smart Cities Network"]).exists()


@pytest.mark.django_db
def test_partners(loaded):
    assert Partner.objects.get(name="CGLU-ASPAC").contact_status == Partner.ContactStatus.IN_DIALOGUE
    assert Partner.objects.get(name="UN-ESCAP").contact_status == Partner.ContactStatus.NOT_RECORDED
    assert Partner.objects.get(name="NCDM").contact_status == Partner.ContactStatus.NOT_RECORDED
    assert Partner.objects.get(acronym="ADB").kind == Partner.Kind.DONOR
    assert "Accord cadre à chercher avec CGLU-ASPAC" in Partner.objects.get(name="CGLU-ASPAC").next_step
    assert set(Partner.objects.filter(actions__isnull=True).values_list("name", flat=True)) == {
        "NCDM",
        "UN-ESCAP",
        "ASEAN Smart Cities Network",
        "Banque Asiatique de Développement",
        "Délégations de l'Union européenne et bureau UE à Bangkok",
    }


@pytest.mark.django_db
def test_roadmaps_and_projects(loaded):
    periods = {
        r.slug: (r.start_year, r.end_year, r.theme.slug if r.theme else None) for r in ThematicRoadmap.objects.all()
    }
    assert periods == {
        "plan-action-2023": (2023, 2023, None),
        "gbv-2023-2025": (2023, 2025, "assainissement"),
        "smart-cities-2024-2025": (2024, 2025, "gouvernance-urbaine-smart-cities"),
        "tourisme-durable-2025": (2025, 2025, "tourisme-durable"),
    }
    assert ThematicRoadmap.objects.get(slug="plan-action-2023").plan.year == 2023
    # No milestone has a day the deck does not give; "mi-juin" stays words, undated ones stay undated.
    assert not Milestone.objects.filter(due_on__isnull=False).exists()
    focal = Milestone.objects.get(title__startswith="D'ici à mi-juin")
    assert (focal.year, focal.when, focal.when_label) == (2023, "mi-juin 2023", "mi-juin 2023")
    assert Milestone.objects.filter(year__isnull=True).count() == 4
    assert not ThematicRoadmap.objects.get(slug="tourisme-durable-2025").milestones.exists()
    hub = Project.objects.get(slug="phnom-penh-smart-city-hub")
    assert (hub.start_year, hub.end_year, hub.theme.slug) == (2023, 2025, "gouvernance-urbaine-smart-cities")
    assert hub.status == Project.Status.NOT_RECORDED and not hub.actions.exists()
    violence = Project.objects.get(slug="violences-femmes-enfants-cambodge")
    assert violence.status == Project.Status.NOT_RECORDED
    assert list(Project.objects.get(slug="calu").actions.values_list("number", flat=True)) == [11]
    fsm = Project.objects.filter(theme__slug="assainissement")
    assert set(fsm.values_list("members__slug", flat=True)) == {"phnom-penh", "siem-reap", "vientiane", "hue"}
    can_tho = Project.objects.get(members__slug="can-tho")
    assert (can_tho.theme.slug, can_tho.status) == ("egalite-femmes-hommes", Project.Status.IDEA)
    assert set(
        Project.objects.get(slug="emr2-preparation-situations-urgence").members.values_list("slug", flat=True)
    ) == {
        "phnom-penh",
        "asac",
    }
    assert Project.objects.get(slug="calu").is_multi_member
    assert all(p.slug.isascii() for p in Project.objects.all())


@pytest.mark.django_db
def test_annual_meeting_2023_times_and_programme(loaded):
    meeting = Event.objects.get(slug="reunion-annuelle-2023")
    assert meeting.kind == Event.Kind.ANNUAL_MEETING
    assert meeting.starts_at == dt.datetime(2023, 5, 18, 1, 0, tzinfo=UTC)
    assert meeting.ends_at == dt.datetime(2023, 5, 18, 5, 0, tzinfo=UTC)
    assert meeting.local_start.hour == 8
    assert (meeting.place, meeting.city, meeting.country.code) == ("Fairfield Hotel", "Phnom Penh", "KH")
    assert meeting.host_member.slug == "phnom-penh"
    assert meeting.visibility == Event.Visibility.PUBLIC

    sessions = list(meeting.sessions.order_by("order"))
    assert [s.kind for s in sessions] == [
        Session.Kind.INTRODUCTION,
        Session.Kind.WELCOME,
        Session.Kind.SESSION,
        Session.Kind.BREAK,
        Session.Kind.ROUND_TABLE,
        Session.Kind.CONCLUSION,
    ]
    # The deck gives the order, the 8h-12h block (on the event) and the break's 15 minutes, no item's time.
    assert all(s.starts_at is None and s.ends_at is None for s in sessions)
    assert (sessions[3].title, sessions[3].description) == ("Pause", "15 minutes")
    assert list(sessions[0].speakers.values_list("full_name", flat=True)) == ["Arianna Ardesi"]
    assert list(sessions[1].speakers.values_list("full_name", flat=True)) == ["Nuon Pharat"]
    assert list(sessions[2].speakers.values_list("full_name", flat=True)) == ["Emilie Traub"]
    round_table = set(sessions[4].speakers.values_list("full_name", flat=True))
    assert "Nguyễn Thế Phước" in round_table and "HATSACHANH Viengthong" in round_table
    assert len(round_table) == 8


@pytest.mark.django_db
def test_other_events(loaded):
    gbv = Event.objects.get(slug="conference-gbv-2023")
    # "Conférence thématique GBV (mai 2023)": a month, not a day, not a time, not part of the meeting.
    assert gbv.precision == Event.Precision.MONTH and gbv.all_day
    assert gbv.local_days == (dt.date(2023, 5, 1), dt.date(2023, 5, 31))
    with translation.override("fr"):
        assert gbv.month_label == "mai 2023"
    with translation.override("en"):
        assert gbv.month_label == "May 2023"
    assert gbv.parent is None
    assert gbv.location == ""
    assert not gbv.in_calendar_feeds
    assert gbv.kind == Event.Kind.CONFERENCE
    assert list(gbv.themes.values_list("slug", flat=True)) == ["assainissement"]

    congress = Event.objects.get(slug="congres-aimf-2023")
    assert congress.timezone == "Africa/Porto-Novo"
    assert congress.kind == Event.Kind.CONGRESS
    assert congress.all_day
    assert congress.starts_at == dt.datetime(2023, 10, 22, 23, 0, tzinfo=UTC)  # midnight in Cotonou (UTC+1)
    assert congress.local_end.time() == dt.time(23, 59)
    assert (congress.city, congress.country, congress.country_name) == ("Cotonou", None, "Bénin")

    meeting_2024 = Event.objects.get(slug="reunion-annuelle-2024")
    assert meeting_2024.starts_at is None
    assert meeting_2024.year == 2024
    assert meeting_2024.status == Event.Status.TO_CONFIRM
    assert meeting_2024.place == ""

    summit = Event.objects.get(slug="sommet-asean-vientiane-2024")
    assert (summit.kind, summit.timezone, summit.year, summit.starts_at) == (
        Event.Kind.EXTERNAL,
        "Asia/Vientiane",
        2024,
        None,
    )
    assert summit.host_member.slug == "vientiane"
    assert summit.country.code == "LA"


@pytest.mark.django_db
def test_minutes_and_decisions(loaded):
    minutes = Minutes.objects.get(event__slug="reunion-annuelle-2023")
    # Sent to every member for validation on 31 May 2023; nobody recorded an approval.
    assert minutes.status == Minutes.Status.CIRCULATED
    assert minutes.circulated_on == dt.date(2023, 5, 31)
    assert minutes.circulated_to_members
    assert minutes.approved_on is None
    assert minutes.current_version is None and not minutes.versions.exists()
    assert (
        "Transmises pour validation dans l'annexe du courrier du Secrétaire Permanent de l'AIMF a l'ensemble des "
        "membres le 31 mai 2023" in minutes.summary
    )
    assert set(minutes.decisions.values_list("kind", flat=True)) == {Decision.Kind.RETAINED}
    assert not minutes.decisions.exclude(title="").exists()
    network = minutes.decisions.filter(section=Decision.Section.NETWORK)
    roadmap = minutes.decisions.filter(section=Decision.Section.ROADMAP)
    assert list(network.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    assert list(roadmap.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert network.get(number=4).text == (
        "Afin d'être intégrés dans les activités, les membres doivent être à jour dans le paiement de leurs "
        "cotisations à l'AIMF."
    )
    assert roadmap.get(number=1).text.startswith("Les thèmes proposés font consensus et sont validés.\n- ")

    def linked(number):
        return set(roadmap.get(number=number).actions.values_list("number", flat=True))

    assert linked(2) == {3}
    assert linked(3) == {1}
    assert linked(4) == {2, 15}
    assert linked(5) == {5}


@pytest.mark.django_db
def test_no_accounts_and_no_dues(loaded):
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.count() == 0
    assert DuesRecord.objects.count() == 0


@pytest.mark.django_db
def test_running_twice_duplicates_nothing(loaded):
    first = project_model_counts()
    output = load()
    assert project_model_counts() == first
    assert "(0 new)" in output and "Done: 0 rows created" in output
    assert first["members.Member"] == 12
    assert first["events.SessionSpeaker"] == SessionSpeaker.objects.count() == 11


@pytest.mark.django_db
def test_quiet_at_verbosity_zero():
    out = StringIO()
    call_command("load_rvase_2023", verbosity=0, stdout=out)
    assert out.getvalue() == ""
    assert Member.objects.count() == 12
