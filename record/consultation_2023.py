"""The validation round the 2023 deck reports: the meeting's recommendations, sent to every member on 31 May 2023."""

import datetime as dt
import zoneinfo

from django.utils import translation

from consultations.models import Consultation
from events.models import Event
from members.models import Member
from minutes.models import Minutes

from . import rvase_2023
from .loader import RowWriter

PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
SUBJECT = "Suggestions et recommandations retenues"
OPENED_ON = dt.datetime(2023, 5, 31, 9, 0, tzinfo=PHNOM_PENH)
# The deck gives no deadline, no rule and no outcome: the portal keeps the round closed with no answer and no
# result, so that no automatic closing ever invents one. The deadline is the portal's, and the text says so.
DEADLINE = dt.datetime(2023, 6, 30, 23, 59, tzinfo=PHNOM_PENH)
INTRODUCTION = (
    "Transmises pour validation dans l'annexe du courrier du Secrétaire Permanent de l'AIMF a l'ensemble des "
    "membres le 31 mai 2023"
)
# The portal's own note, marked as such in test_deck_truth: what the deck does not say about this round.
NOT_IN_THE_DECK = (
    "Le support de la réunion ne précise ni règle de validation, ni date limite des réponses (fixée ici au "
    "30 juin 2023), ni résultat."
)


def load_consultation_2023() -> tuple[Consultation, bool]:
    # "à l'ensemble des membres": the twelve members of the deck.
    members = Member.objects.filter(slug__in=[m["slug"] for m in rvase_2023.MEMBERS]).select_related("country")
    members = list(members.order_by("country__name", "name"))
    event = Event.objects.get(slug="reunion-annuelle-2023")
    minutes = Minutes.objects.get(event=event)
    decisions = minutes.decisions.order_by("section", "number")
    lines = [INTRODUCTION, NOT_IN_THE_DECK, ""]
    section = None
    for decision in decisions:
        if decision.section != section:
            section = decision.section
            with translation.override("fr"):  # the deck's language, whatever the command runs in
                lines += ["", str(decision.get_section_display()).upper()]
        heading = f"{decision.number}. {decision.title}" if decision.title else f"{decision.number}."
        lines += [heading, decision.text]
    writer = RowWriter()
    consultation = writer.upsert(
        "consultations",
        Consultation,
        {
            "subject": SUBJECT,
            "kind": Consultation.Kind.VALIDATION,
            "text": "\n".join(lines).strip(),
            "deadline": DEADLINE,
            # The deck states no rule for this round (no quorum, no threshold, nothing about silence): none is
            # recorded, and the round has no computed result. Rounds the coordinator opens get the defaults.
            "quorum": None,
            "approval_threshold": None,
            "tacit_approval": None,
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
        {"eligible_members": members},
        minutes=minutes,
        opened_on=OPENED_ON,
    )
    return consultation, bool(writer.created["consultations"])
