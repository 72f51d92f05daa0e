"""Every text the 2023 loader writes is the deck's (issue 15, "Nothing invented, shown as fact").

The test loads the record, then reads back every text field of every row the loader wrote (record.models.LoadedRow
keeps them all) and looks for each line of it in the seed file, verbatim after whitespace and typographic
normalisation. What is not the deck's is listed below, each with its reason: the few deliberate corrections, the
fields that are not the deck's text by nature, and the portal's one note.
"""

import re
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import models

from record.models import LoadedRow

# The deck itself, shipped beside the data taken from it (a copy of the shared seed file, byte for byte).
SEED = Path(__file__).resolve().parents[2] / "record" / "seed" / "000_9ea0bdd00e684a98.txt"

# Deliberate corrections inside a text: the loaded wording → the deck's wording it stands for.
CORRECTIONS = {
    # OCR repairs of Vietnamese names: the deck's text layer lost or garbled their diacritics.
    "Nguyễn Thế Phước": "NGUYEN THÉ PHUÓC",
    "Nguyễn Thị Thanh Mỹ": "NGUYEN THI Thanh My",
    "Trần Song": "TRAN Song",
    # The city's French name as the portal writes it everywhere (DESIGN.md's slug ho-chi-minh-ville).
    "Hô-Chi-Minh-Ville": "Ho Chi Minh ville",
    # Capitals given the accents the deck's capitals drop.
    "Président du Conseil Provincial": "President du Conseil Provincial",
    "Égalité femmes – hommes": "Egalité Femmes – Hommes",
}

# Deliberate corrections of a whole text (a name): the loaded text → the deck's words it stands for.
WHOLE_TEXT_CORRECTIONS = {
    # One partner per organisation where the deck names two together, and their own spelling.
    "Paris / Île-de-France": "Paris Ile de France",
    "AUF au Cambodge et bureau région Asie": "L'AUF au Cambodge, et bureau région Asie",
    "Ambassade de France au Cambodge": "Ambassades de France au Cambodge",
    "Ambassade de France au Vietnam": "Ambassades de France au Cambodge et au Vietnam",
    "Délégations de l'Union européenne et bureau UE à Bangkok": (
        "délégations de l'UE dans les trois pays ainsi que le bureau UE à Bangkok"
    ),
    # The milestone's year: "D'ici à mi-juin", said at the 18 May 2023 meeting.
    "mi-juin 2023": "mi-juin",
}

# The number the portal gives each conclusion when it lists them in the validation round's text ("6.").
NUMBERING = re.compile(r"^\d+\.$")

# Fields that are not the deck's text by nature.
NOT_DECK_TEXT = {
    ("members", "country", "code"),  # ISO 3166 codes
    ("members", "country", "local_name"),  # names in the countries' own scripts: the portal's addition
    ("members", "member", "local_name"),  # idem for members (none for ASAC)
}

# The portal's own note on the 2023 validation round, saying what the deck does not give.
PORTAL_NOTES = {
    "Le support de la réunion ne précise ni règle de validation, ni date limite des réponses (fixée ici au "
    "30 juin 2023), ni résultat.",
}


def normalise(text: str) -> str:
    """Markup, typography, case and spacing set aside: what remains is the words."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"</?u>|\*\*|^#+ |^- ", " ", text, flags=re.MULTILINE)
    text = text.replace("*", " ")
    for typographic, plain in (("’", "'"), ("‘", "'"), ("«", '"'), ("»", '"'), ("œ", "oe"), ("…", "...")):
        text = text.replace(typographic, plain)
    text = re.sub(r"[‐‑–—-]", " ", text)  # hyphens and dashes, as the deck uses them interchangeably
    text = re.sub(r"\s+([:;,.!?)])", r"\1", text)  # French spacing before punctuation
    text = re.sub(r"\(\s+", "(", text)
    text = text.casefold()
    text = re.sub(r"\bà\b", "a", text)  # the deck writes the preposition "à" as "a" more often than not
    return " ".join(text.split())


DECK = normalise(SEED.read_text(encoding="utf-8"))


def deck_form(line: str) -> str:
    line = WHOLE_TEXT_CORRECTIONS.get(line.strip(), line)
    for loaded, deck in CORRECTIONS.items():
        line = line.replace(loaded, deck)
    return normalise(line)


def loaded_texts() -> list[tuple[str, str, int, str]]:
    """(model, field, row id, text) for every non-empty text field the loader wrote."""
    texts = []
    for record in LoadedRow.objects.select_related("content_type"):
        model = record.content_type.model_class()
        for name, value in record.values.items():
            if name.startswith("m2m:") or not isinstance(value, str) or not value.strip():
                continue
            field = model._meta.get_field(name)
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            if isinstance(field, models.SlugField) or name == "timezone":
                continue
            if (model._meta.app_label, model._meta.model_name, name) in NOT_DECK_TEXT:
                continue
            texts.append((model._meta.label, name, record.object_id, value))
    return texts


@pytest.mark.django_db
def test_every_loaded_text_is_the_decks():
    call_command("load_rvase_2023", verbosity=0)
    texts = loaded_texts()

    # The check reads every kind of text the loader writes.
    fields = {(label, name) for label, name, _pk, _text in texts}
    for expected in [
        ("members.Member", "name"),
        ("members.Member", "description"),
        ("members.Person", "title"),
        ("actionplan.Action", "current_state"),
        ("actionplan.Partner", "next_step"),
        ("actionplan.Milestone", "title"),
        ("actionplan.Milestone", "when"),
        ("actionplan.Project", "description"),
        ("events.Event", "description"),
        ("events.Session", "title"),
        ("minutes.Minutes", "summary"),
        ("minutes.Decision", "text"),
        ("consultations.Consultation", "text"),
    ]:
        assert expected in fields
    assert len(texts) > 250

    missing = []
    for label, name, pk, text in texts:
        for line in text.splitlines():
            if not line.strip() or line.strip() in PORTAL_NOTES or NUMBERING.match(line.strip()):
                continue
            if deck_form(line) not in DECK:
                missing.append(f"{label}.{name} #{pk}: {line}")
    assert missing == [], "\n".join(missing)


def test_the_check_fails_on_an_invented_text():
    assert deck_form("Version 1, approuvée le 31 mai 2023") not in DECK
    assert deck_form("Association des Autorités Locales du Cambodge") not in DECK
    assert deck_form("le silence vaut approbation") not in DECK
    assert deck_form("Vice-Président permanent du Comité populaire de la Province de Yen Bai") not in DECK
    # and passes on the deck's words written with other typography
    assert deck_form("Vice-Gouverneur de Phnom Penh") in DECK
    assert deck_form("Transmises pour validation dans l’annexe du courrier") in DECK
