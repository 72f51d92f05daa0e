"""An event is created in the admin in one submit, with its programme: year from the start date, time zone from a
list (by default the host member's country's), programme rows numbered as typed, reorderable, times optional.
Bad rows are refused next to their field and nothing is saved."""

import datetime
import zoneinfo

import pytest

from events.models import Event, Session
from members.models import Country
from tests.events.conftest import admin_form_data
from tests.factories import EventFactory, MemberFactory, SessionFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

VIENTIANE = zoneinfo.ZoneInfo("Asia/Vientiane")
ADD = "/admin/events/event/add/"


@pytest.fixture
def vientiane(db):
    laos, _ = Country.objects.get_or_create(code="LA", defaults={"name": "Laos", "timezone": "Asia/Vientiane"})
    return MemberFactory(name="Vientiane Capitale", slug="vientiane", country=laos)


def new_event(client, **changes) -> dict:
    """The add form as the coordinator fills it: what the page offers, with the event and three programme rows."""
    data = admin_form_data(client.get(ADD))
    data.update(
        {
            "title_fr": "Atelier gestion des boues de vidange",
            "kind": "workshop",
            "starts_at_0": "2030-04-10",
            "starts_at_1": "08:30",
            "ends_at_0": "2030-04-10",
            "ends_at_1": "12:00",
            "sessions-0-title_fr": "Accueil des participants",
            "sessions-0-kind": "welcome",
            "sessions-0-start_time": "08:30",
            "sessions-0-end_time": "09:00",
            "sessions-1-title_fr": "Retours d'expérience de Hué et de Vientiane",
            "sessions-1-start_time": "09:00",
            "sessions-1-end_time": "11:00",
            "sessions-2-title_fr": "Conclusions",
            "sessions-2-kind": "conclusion",
        }
    )
    data.update(changes)
    return data


def test_the_add_form_offers_three_programme_rows_and_a_list_of_time_zones(coordinator_client):
    response = coordinator_client.get(ADD)
    form = response.context["adminform"].form
    assert form.fields["year"].required is False and form.fields["slug"].required is False
    html = response.content.decode()
    assert 'name="sessions-2-title_fr"' in html and 'name="sessions-3-title_fr"' not in html
    assert '<select name="timezone"' in html and '<option value="Asia/Vientiane">' in html
    assert "Le fuseau du pays du membre hôte" in page_text(response)


def test_an_event_and_its_programme_are_created_in_one_submit(coordinator_client, vientiane):
    response = coordinator_client.post(ADD, new_event(coordinator_client, host_member=str(vientiane.pk)))
    assert response.status_code == 302, page_text(response)[-3000:]
    event = Event.objects.get(title="Atelier gestion des boues de vidange")
    # The year comes from the start date, the zone from the host member's country, the address from the title.
    assert event.year == 2030 and event.timezone == "Asia/Vientiane" and event.country == vientiane.country
    assert event.slug == "atelier-gestion-des-boues-de-vidange-2030"
    assert event.starts_at == datetime.datetime(2030, 4, 10, 8, 30, tzinfo=VIENTIANE)
    rows = list(event.sessions.order_by("order"))
    assert [(row.order, row.title) for row in rows] == [
        (1, "Accueil des participants"),
        (2, "Retours d'expérience de Hué et de Vientiane"),
        (3, "Conclusions"),
    ]
    assert rows[1].starts_at == datetime.datetime(2030, 4, 10, 9, 0, tzinfo=VIENTIANE)
    assert rows[2].starts_at is None and rows[2].ends_at is None  # a programme item without a time


def test_an_event_whose_date_is_not_known_gives_its_year_alone(coordinator_client):
    data = new_event(
        coordinator_client,
        starts_at_0="",
        starts_at_1="",
        ends_at_0="",
        ends_at_1="",
        status="to_confirm",
        year="2031",
        **{f"sessions-{n}-{part}_time": "" for n in (0, 1) for part in ("start", "end")},
    )
    assert coordinator_client.post(ADD, data).status_code == 302
    event = Event.objects.get()
    assert event.year == 2031 and event.starts_at is None and event.sessions.count() == 3
    assert event.timezone == "Asia/Phnom_Penh"  # no host member: the network's own zone


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"starts_at_0": "", "starts_at_1": "", "ends_at_0": "", "ends_at_1": ""}, "year", "l'année seule"),
        ({"sessions-1-end_time": "08:00"}, "sessions-1-end_time", "L'élément se termine avant de commencer."),
        ({"sessions-0-order": "2", "sessions-1-order": "2"}, "sessions-1-order", "Le numéro 2 est déjà celui"),
        ({"sessions-0-order": "0"}, "sessions-0-order", "supérieure ou égale à 1"),
        ({"sessions-0-start_time": "neuf heures"}, "sessions-0-start_time", "Saisissez une heure valide."),
        ({"sessions-0-day": "2030-04-12"}, "sessions-0-start_time", "ne tombe pas le jour de l'événement"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "n'est pas un fuseau horaire connu"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(coordinator_client, changes, field, message):
    response = coordinator_client.post(ADD, new_event(coordinator_client, **changes))
    assert response.status_code == 200
    errors = _errors(response)
    assert message in " ".join(errors.get(field, [])), errors
    assert not Event.objects.exists() and not Session.objects.exists()


def _errors(response) -> dict:
    """Errors by field name as the page shows them: the event's own, then each programme row's."""
    errors = {name: list(messages) for name, messages in response.context["adminform"].form.errors.items()}
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            for name, messages in form.errors.items():
                errors[form.add_prefix(name)] = list(messages)
    return errors


def test_programme_rows_are_reordered_by_their_numbers(coordinator_client):
    event = EventFactory()
    first = SessionFactory(event=event, order=1, title="Ouverture")
    second = SessionFactory(event=event, order=2, title="Table ronde")
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_form_data(coordinator_client.get(url))
    rows = {data[f"sessions-{n}-title_fr"]: n for n in (0, 1)}
    data[f"sessions-{rows['Ouverture']}-order"] = "2"
    data[f"sessions-{rows['Table ronde']}-order"] = "1"
    data["sessions-2-title_fr"] = "Clôture"  # a new row, numbered after the others
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, _errors(response)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.order, second.order) == (2, 1)
    assert event.sessions.get(title="Clôture").order == 3
