from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from common.page_cache import ALL_CONTENT, visitor_page

from .datasets import DATASETS, DATASETS_BY_KEY
from .writers import csv_lines, json_chunks

# The licence of every dataset: France's open licence, which asks only for the source to be credited and is
# compatible with CC BY 4.0 and the Open Government Licence.
LICENCE = {
    "name": "Licence Ouverte / Open Licence 2.0 (Etalab)",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
PUBLISHER = "Réseau des Villes d'Asie du Sud-Est (RVASE) — AIMF"
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


@visitor_page(shows=ALL_CONTENT)
def open_data(request):
    return render(
        request,
        "opendata/index.html",
        {"datasets": DATASETS, "licence": LICENCE, "publisher": PUBLISHER, "base": settings.SITE_URL.rstrip("/")},
    )


@require_GET
def export(request, key: str, extension: str):
    dataset = DATASETS_BY_KEY.get(key)
    if dataset is None or extension not in FORMATS:
        raise Http404
    if extension == "csv":
        content = csv_lines(dataset.column_names, dataset.rows())
    else:
        header = {
            "dataset": dataset.key,
            "title": str(dataset.title),
            "publisher": PUBLISHER,
            "licence": LICENCE,
            "source": settings.SITE_URL.rstrip("/") + request.path,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "columns": dataset.column_names,
        }
        content = json_chunks(header, dataset.rows())
    response = StreamingHttpResponse(content, content_type=FORMATS[extension])
    disposition = "attachment" if extension == "csv" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="rvase-{dataset.key}.{extension}"'
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    # Public data, for anyone's scripts and pages.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=900"
    return response
