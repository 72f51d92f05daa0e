"""Static files as production serves them (whitenoise, CompressedManifestStaticFilesStorage): hashed names cached
for good, compressed text, fonts as subset WOFF2 with their own type; the PDFs keep the whole TTFs."""

import posixpath
import re
from pathlib import Path

import brotli
from django.conf import settings as django_settings
from django.core.management import call_command
from django.http import HttpResponse
from django.templatetags.static import static
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

FONTS = Path(django_settings.BASE_DIR) / "static" / "fonts"


def serve(middleware, url, **headers):
    response = middleware(RequestFactory().get(url, headers=headers))
    assert response.status_code == 200, url
    return response, b"".join(response.streaming_content)


def test_production_serves_hashed_files_for_good_compressed_and_typed(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", "--no-input", verbosity=0)
    middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))

    css_url = static("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", css_url)
    css, body = serve(middleware, css_url, **{"Accept-Encoding": "gzip, br"})
    assert css["Content-Encoding"] == "br"
    assert "immutable" in css["Cache-Control"] and "max-age=315360000" in css["Cache-Control"]
    text = brotli.decompress(body).decode()
    assert len(body) < len(text) / 3
    assert ".ttf" not in text

    fonts = re.findall(r'url\("([^"]+\.woff2)"\)', text)
    assert len(fonts) == 7
    for relative in fonts:
        url = posixpath.normpath(posixpath.join(posixpath.dirname(css_url), relative))
        assert re.search(r"\.[0-9a-f]{12}\.woff2$", url), url
        font, data = serve(middleware, url, **{"Accept-Encoding": "gzip, br"})
        assert font["Content-Type"] == "font/woff2"
        assert "immutable" in font["Cache-Control"]
        assert data[:4] == b"wOF2"
    interface = [url for url in fonts if "NotoSans-Regular" in url]
    assert len(interface) == 1
    # The interface's face is a subset of a twentieth of the TTF the PDFs keep.
    subset = (tmp_path / "fonts" / "web").glob("NotoSans-Regular.latin-vi.*.woff2")
    assert max(path.stat().st_size for path in subset) < (FONTS / "NotoSans-Regular.ttf").stat().st_size / 20


def test_the_css_gives_each_script_its_own_face_with_a_unicode_range():
    text = (Path(django_settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    faces = re.findall(r"@font-face \{[^}]+\}", text)
    assert len(faces) == 7
    assert all("font-display: swap" in face and "unicode-range: U+" in face for face in faces)
    khmer = [face for face in faces if "Khmer" in face]
    assert khmer and all("unicode-range: U+1780-17FF" in face for face in khmer)
    lao = [face for face in faces if "Lao" in face]
    assert lao and all("unicode-range: U+0E80-0EFF" in face for face in lao)
