"""The minutes' models, taken over from the events app with their tables, rows and files (events 0005 renamed
the tables; nothing is created here). Their content types follow them, so that the permissions granted on them
(the Coordination group's, anyone's given in the admin) and the admin's history stay attached.
"""

import django.db.models.deletion
import django.utils.timezone
import minutes.models
from django.conf import settings
from django.db import migrations, models


MODELS = [
    "minutes",
    "circulationemail",
    "minutesattendee",
    "decision",
    "followup",
    "minutescomment",
    "minutesversion",
    "storedpdf",
]


def _move_content_types(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue  # a database where the content types were never created: post_migrate creates them
        # One made under the new label by a post_migrate between partial runs is a duplicate: the old one, which
        # holds the permissions and the admin's history, takes its place.
        ContentType.objects.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def content_types_to_minutes(apps, schema_editor):
    _move_content_types(apps, "events", "minutes")


def content_types_to_events(apps, schema_editor):
    _move_content_types(apps, "minutes", "events")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('actionplan', '0002_progress_updates_and_links'),
        ('documents', '0002_versions_languages_search'),
        ('events', '0005_minutes_tables_renamed'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('members', '0003_news_items'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Minutes',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('circulated', 'Circulated to attendees'), ('approved', 'Approved')], default='draft', max_length=12, verbose_name='status')),
                        ('summary', models.TextField(blank=True, verbose_name='summary')),
                        ('circulated_on', models.DateField(blank=True, null=True, verbose_name='circulated on')),
                        ('approved_on', models.DateField(blank=True, null=True, verbose_name='approved on')),
                        ('edited_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last edited at')),
                        ('circulation_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='times circulated')),
                        ('archive_document', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='documents.document', verbose_name='document in the archive')),
                        ('circulated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='circulated by')),
                        ('edited_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last edited by')),
                        ('event', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='minutes', to='events.event', verbose_name='event')),
                    ],
                    options={
                        'verbose_name': 'minutes',
                        'verbose_name_plural': 'minutes',
                    },
                ),
                migrations.CreateModel(
                    name='Decision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('section', models.CharField(choices=[('network', 'Functioning of the network'), ('roadmap', 'Roadmap')], max_length=12, verbose_name='section')),
                        ('kind', models.CharField(choices=[('decision', 'Decision'), ('recommendation', 'Recommendation')], default='decision', max_length=16, verbose_name='kind')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='number')),
                        ('title', models.CharField(blank=True, max_length=300, verbose_name='title')),
                        ('text', models.TextField(verbose_name='text')),
                        ('actions', models.ManyToManyField(blank=True, related_name='decisions', to='actionplan.action', verbose_name='actions')),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='minutes.minutes', verbose_name='minutes')),
                    ],
                    options={
                        'verbose_name': 'decision or recommendation',
                        'verbose_name_plural': 'decisions and recommendations',
                        'ordering': ['minutes', 'section', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='CirculationEmail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('circulation', models.PositiveIntegerField(help_text='1 for the first circulation, and so on.', verbose_name='circulation')),
                        ('address', models.EmailField(max_length=254, verbose_name='address')),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent at')),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='circulation_emails', to='minutes.minutes', verbose_name='minutes')),
                    ],
                    options={
                        'verbose_name': 'circulation e-mail',
                        'verbose_name_plural': 'circulation e-mails',
                        'ordering': ['-circulation', 'address'],
                    },
                ),
                migrations.CreateModel(
                    name='MinutesAttendee',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('presence', models.CharField(choices=[('present', 'Present'), ('excused', 'Excused')], default='present', max_length=10, verbose_name='presence')),
                        ('note', models.CharField(blank=True, help_text='For example: represented by…', max_length=200, verbose_name='note')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('member', models.ForeignKey(blank=True, help_text='For a member attending as such; for a person, leave empty: their own member is shown.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='minutes_attendances', to='members.member', verbose_name='member')),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendees', to='minutes.minutes', verbose_name='minutes')),
                        ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='minutes_attendances', to='members.person', verbose_name='person')),
                    ],
                    options={
                        'verbose_name': 'attendee',
                        'verbose_name_plural': 'attendees',
                        'ordering': ['minutes', 'presence', 'order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MinutesComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('comment', 'Comment'), ('amendment', 'Proposed amendment')], default='comment', max_length=10, verbose_name='kind')),
                        ('text', models.TextField(verbose_name='comment')),
                        ('proposed_text', models.TextField(blank=True, verbose_name='proposed text')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='written at')),
                        ('status', models.CharField(choices=[('open', 'Awaiting the coordination'), ('accepted', 'Accepted'), ('declined', 'Not retained'), ('noted', 'Noted')], default='open', max_length=10, verbose_name='status')),
                        ('answer', models.TextField(blank=True, verbose_name='answer of the coordination')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('decision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='comments', to='minutes.decision', verbose_name='about')),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='minutes.minutes', verbose_name='minutes')),
                    ],
                    options={
                        'verbose_name': 'comment on minutes',
                        'verbose_name_plural': 'comments on minutes',
                        'ordering': ['minutes', 'created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MinutesVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='version')),
                        ('content', models.JSONField(editable=False, verbose_name='frozen text')),
                        ('fingerprint', models.CharField(editable=False, max_length=64, verbose_name='fingerprint')),
                        ('approved_on', models.DateField(blank=True, null=True, verbose_name='approved on')),
                        ('approved_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='approved at')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                        ('approved_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                        ('archived_as', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='documents.documentversion', verbose_name='version in the document archive')),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='minutes.minutes', verbose_name='minutes')),
                    ],
                    options={
                        'verbose_name': 'approved version of minutes',
                        'verbose_name_plural': 'approved versions of minutes',
                        'ordering': ['minutes', '-number'],
                        'get_latest_by': 'number',
                    },
                ),
                migrations.AddField(
                    model_name='minutes',
                    name='current_version',
                    field=models.ForeignKey(blank=True, editable=False, help_text='The latest approved version: what members read and download.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='minutes.minutesversion', verbose_name='approved version'),
                ),
                migrations.CreateModel(
                    name='StoredPDF',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('minutes', 'Minutes'), ('summary', 'Annual-meeting summary')], max_length=10, verbose_name='kind')),
                        ('language', models.CharField(max_length=8, verbose_name='language')),
                        ('source_hash', models.CharField(blank=True, max_length=64, verbose_name='content fingerprint')),
                        ('file', models.FileField(blank=True, max_length=200, upload_to=minutes.models.private_pdf_path, verbose_name='file')),
                        ('size', models.PositiveIntegerField(default=0, verbose_name='size in bytes')),
                        ('rendered_at', models.DateTimeField(blank=True, null=True, verbose_name='rendered at')),
                        ('render_seconds', models.FloatField(blank=True, null=True, verbose_name='rendering time (s)')),
                        ('error', models.TextField(blank=True, verbose_name='last rendering error')),
                        ('failed_at', models.DateTimeField(blank=True, null=True, verbose_name='last failure at')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pdfs', to='events.event', verbose_name='event')),
                        ('version', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='pdfs', to='minutes.minutesversion', verbose_name='version of the minutes')),
                    ],
                    options={
                        'verbose_name': 'stored PDF',
                        'verbose_name_plural': 'stored PDFs',
                        'ordering': ['event', 'kind', '-version__number', 'language'],
                    },
                ),
                migrations.CreateModel(
                    name='FollowUp',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='number')),
                        ('text', models.TextField(verbose_name='what is to be done')),
                        ('owner_label', models.CharField(blank=True, help_text='When the owner is neither one person nor one member, for example: each city and province.', max_length=200, verbose_name='owner (other)')),
                        ('due_on', models.DateField(blank=True, null=True, verbose_name='due on')),
                        ('done_on', models.DateField(blank=True, help_text='Follow-up only: not part of the approved text.', null=True, verbose_name='done on')),
                        ('owner_member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='follow_ups', to='members.member', verbose_name='owner (member)')),
                        ('owner_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='follow_ups', to='members.person', verbose_name='owner (person)')),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_ups', to='minutes.minutes', verbose_name='minutes')),
                    ],
                    options={
                        'verbose_name': 'follow-up item',
                        'verbose_name_plural': 'follow-up items',
                        'ordering': ['minutes', 'number'],
                        'constraints': [models.UniqueConstraint(fields=('minutes', 'number'), name='events_followup_unique_number')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='decision',
                    constraint=models.UniqueConstraint(fields=('minutes', 'section', 'number'), name='events_decision_unique_number'),
                ),
                migrations.AddConstraint(
                    model_name='circulationemail',
                    constraint=models.UniqueConstraint(fields=('minutes', 'circulation', 'address'), name='events_circulation_email_once'),
                ),
                migrations.AddConstraint(
                    model_name='minutesattendee',
                    constraint=models.CheckConstraint(condition=models.Q(('person__isnull', False), ('member__isnull', False), _connector='OR'), name='events_attendee_person_or_member'),
                ),
                migrations.AddConstraint(
                    model_name='minutesattendee',
                    constraint=models.UniqueConstraint(condition=models.Q(('person__isnull', False)), fields=('minutes', 'person'), name='events_attendee_unique_person'),
                ),
                migrations.AddConstraint(
                    model_name='minutesattendee',
                    constraint=models.UniqueConstraint(condition=models.Q(('person__isnull', True)), fields=('minutes', 'member'), name='events_attendee_unique_member'),
                ),
                migrations.AddConstraint(
                    model_name='minutesversion',
                    constraint=models.UniqueConstraint(fields=('minutes', 'number'), name='events_minutesversion_unique'),
                ),
                migrations.AddConstraint(
                    model_name='storedpdf',
                    constraint=models.UniqueConstraint(condition=models.Q(('kind', 'minutes')), fields=('version', 'language'), name='events_storedpdf_one_per_version_language'),
                ),
                migrations.AddConstraint(
                    model_name='storedpdf',
                    constraint=models.UniqueConstraint(condition=models.Q(('kind', 'summary')), fields=('event', 'language'), name='events_storedpdf_one_summary_per_language'),
                ),
                migrations.AddConstraint(
                    model_name='storedpdf',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'summary'), ('version__isnull', True)), models.Q(('kind', 'minutes'), ('version__isnull', False)), _connector='OR'), name='events_storedpdf_version_for_minutes'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_minutes, content_types_to_events),
    ]
