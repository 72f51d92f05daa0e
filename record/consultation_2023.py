"""The validation round the 2023 deck reports: the meeting's recommendations, sent to every member on 31 May 2023."""

import datetime as dt
import zoneinfo

from consultations.models import Consultation
from events.models import Event
from members.models import Member
from minutes.models import Minutes

from . import rvase_2023

PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
SUBJECT = "Suggestions et recommandations de la réunion annuelle 2023"
OPENED_ON = dt.datetime(2023, 5, 31, 9, 0, tzinfo=PHNOM_PENH)
# The deck gives no deadline and no outcome: the portal keeps the round closed with no answer and no result,
# so that no automatic closing ever invents one (silence would otherwise count as approval).
DEADLINE = dt.datetime(2023, 6, 30, 23, 59, tzinfo=PHNOM_PENH)
INTRODUCTION = (
    "Transmises pour validation dans l'annexe du courrier du Secrétaire Permanent de l'AIMF à l'ensemble des "
    "membres le 31 mai 2023. Le support de la réunion ne précise ni la date limite des réponses (fixée ici au "
    "30 juin 2023) ni le résultat de la consultation."
)


def load_consultation_2023() -> tuple[Consultation, bool]:
    # "à l'ensemble des membres": the twelve members of the deck.
    members = Member.objects.filter(slug__in=[m["slug"] for m in rvase_2023.MEMBERS]).select_related("country")
    members = list(members.order_by("country__name", "name"))
    event = Event.objects.get(slug="reunion-annuelle-2023")
    minutes = Minutes.objects.get(event=event)
    decisions = minutes.decisions.order_by("section", "number")
    lines = [INTRODUCTION, ""]
    section = None
    for decision in decisions:
        if decision.section != section:
            section = decision.section
            lines += ["", decision.get_section_display().upper()]
        heading = f"{decision.number}. {decision.title}" if decision.title else f"{decision.number}."
        lines += [heading, decision.text]
    consultation, created = Consultation.objects.update_or_create(
        subject=SUBJECT,
        opened_on=OPENED_ON,
        defaults={
            "kind": Consultation.Kind.VALIDATION,
            "text": "\n".join(lines).strip(),
            "minutes": minutes,
            "deadline": DEADLINE,
            "tacit_approval": True,
            "closed_at": DEADLINE,
            "result": "",
            "tally": {
                "rows": [
                    {
                        "member": m.name,
                        "slug": m.slug,
                        "country": m.country.name,
                        "answer": "",
                        "comment": "",
                        "answered_at": "",
                    }
                    for m in members
                ],
                "eligible": len(members),
                "answered": 0,
                "result": "",
            },
        },
    )
    consultation.eligible_members.set(members)
    return consultation, created
