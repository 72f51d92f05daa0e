import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

import documents.models
import documents.search

class CreateUnaccentExtension(UnaccentExtension):
    """CREATE EXTENSION unaccent on PostgreSQL (skipped elsewhere); left in place when unapplied."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


SEARCH_CONFIG = "french_unaccent"
SEARCH_INDEX = "documents_search_idx"


def number_existing_versions(apps, schema_editor):
    DocumentVersion = apps.get_model("documents", "DocumentVersion")
    current, number = None, 0
    for version in DocumentVersion.objects.order_by("document_id", "uploaded_at", "pk"):
        number = number + 1 if version.document_id == current else 1
        current = version.document_id
        if version.number != number:
            version.number = number
            version.save(update_fields=["number"])


def create_search_configuration(apps, schema_editor):
    """French stemming after unaccent. Nothing on SQLite, which searches with LIKE."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{SEARCH_CONFIG}') THEN
                CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = pg_catalog.french);
                ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG}
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
            END IF;
        END
        $$;
        """
    )


def drop_search_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}")


def create_search_index(apps, schema_editor):
    # GIN is PostgreSQL's: declared here, not in Meta.indexes, so that SQLite (make run) migrates too.
    # fastupdate off: documents are written rarely and read often, so new rows go straight into the
    # index instead of a pending list that every search would scan until the next vacuum.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {SEARCH_INDEX} ON documents_document USING gin (search_vector) WITH (fastupdate = off)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='documentversion',
            options={'get_latest_by': 'number', 'ordering': ['document', '-number'], 'verbose_name': 'version', 'verbose_name_plural': 'versions'},
        ),
        migrations.AddField(
            model_name='documentversion',
            name='number',
            field=models.PositiveIntegerField(default=1, verbose_name='version number'),
        ),
        migrations.RunPython(number_existing_versions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='document',
            name='language',
            field=models.CharField(choices=[('fr', 'French'), ('en', 'English'), ('vi', 'Vietnamese'), ('km', 'Khmer'), ('lo', 'Lao')], default='fr', max_length=8, verbose_name='language'),
        ),
        migrations.AlterField(
            model_name='documentversion',
            name='document',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='documents.document', verbose_name='document'),
        ),
        migrations.AlterField(
            model_name='documentversion',
            name='file',
            field=models.FileField(max_length=200, upload_to=documents.models.private_upload_path, verbose_name='file'),
        ),
        migrations.AlterField(
            model_name='documentversion',
            name='uploaded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by'),
        ),
        migrations.AddConstraint(
            model_name='documentversion',
            constraint=models.UniqueConstraint(fields=('document', 'number'), name='documents_version_number_unique'),
        ),
        # CREATE EXTENSION is skipped on SQLite; on PostgreSQL unaccent is a trusted extension (13+),
        # so the database's owner may create it without being a superuser.
        CreateUnaccentExtension(),
        migrations.RunPython(create_search_configuration, drop_search_configuration),
        migrations.AddField(
            model_name='document',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=documents.search.DocumentSearchVector(), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
