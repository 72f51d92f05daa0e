"""The public pages about the network: who it is and how it works (/about/), what it did (/about/timeline/)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors

# "Les membres peuvent se proposer pour accueillir les prochains évènements : réunion annuelle 2024 et 2025."
HOSTING_YEARS = (2024, 2025)


@require_GET
def about(request):
    texts = selectors.network_texts()
    # Hué's bid and the offers to host come after the working modalities, as in the deck's conclusions.
    hue_bid, hosting_text = texts.pop("candidature-hue", None), texts.pop("accueil", None)
    return render(
        request,
        "network/about.html",
        {
            "texts": list(texts.values()),
            "hue_bid": hue_bid,
            "hosting_text": hosting_text,
            "modalities": selectors.working_modalities(),
            "hosting_years": HOSTING_YEARS,
            "hosting_candidatures": selectors.hosting_candidature_count(years=HOSTING_YEARS),
        },
    )


@require_GET
def timeline(request):
    return render(request, "network/timeline.html", {"entries": selectors.timeline()})
