"""Content in the reader's language (issue 21): English where it is written, else the French marked lang="fr"."""

from django.template import Context, Template
from django.utils import translation

from actionplan.models import Theme


def render(source: str, **context) -> str:
    return Template("{% load content_language %}" + source).render(Context(context))


def test_english_reader_gets_the_english_text(db):
    theme = Theme.objects.create(slug="t", kind="main", name_fr="Assainissement", name_en="Sanitation")
    with translation.override("en"):
        assert render('{% translated theme "name" %}', theme=theme) == "Sanitation"
    with translation.override("fr"):
        assert render('{% translated theme "name" %}', theme=theme) == "Assainissement"


def test_a_missing_english_text_shows_the_french_marked_as_french(db):
    theme = Theme.objects.create(
        slug="t",
        kind="main",
        name_fr="Assainissement",
        name_en=None,
        description_fr="Ligne 1\nLigne 2",
        description_en="",
    )
    with translation.override("en"):
        inline = render('{% translated theme "name" %}', theme=theme)
        block = render('{% translated theme "description" block=True %}', theme=theme)
    assert inline == '<span lang="fr">Assainissement <small class="other-language">(en français)</small></span>'
    assert block == '<div lang="fr"><p>Ligne 1<br>Ligne 2</p><p class="other-language">(en français)</p></div>'


def test_a_text_written_only_in_english_is_marked_for_a_french_reader(db):
    theme = Theme.objects.create(slug="t", kind="main", name_fr="", name_en="Sanitation")
    with translation.override("fr"):
        assert render('{% translated theme "name" %}', theme=theme) == (
            '<span lang="en">Sanitation <small class="other-language">(in English)</small></span>'
        )


def test_html_in_a_translation_is_escaped_as_in_french(db):
    theme = Theme.objects.create(slug="t", kind="main", name_fr="<b>Eau</b>", name_en='<script>alert("x")</script>')
    with translation.override("en"):
        assert (
            render('{% translated theme "name" %}', theme=theme) == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
        )
        assert render('{% translated theme "name" block=True %}', theme=theme) == (
            "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>"
        )
    theme.name_en = None
    with translation.override("en"):
        assert "&lt;b&gt;Eau&lt;/b&gt;" in render('{% translated theme "name" %}', theme=theme)
