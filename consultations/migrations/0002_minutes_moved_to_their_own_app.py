"""The validation rounds' links to minutes follow the minutes to their own app (state only: the foreign keys
already point at the renamed table, events 0005)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0001_initial'),
        ('minutes', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='consultation',
                    name='minutes',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='consultations', to='minutes.minutes', verbose_name='minutes submitted'),
                ),
                migrations.AlterField(
                    model_name='consultation',
                    name='reported_in',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reported_consultations', to='minutes.minutes', verbose_name='result attached to the minutes of'),
                ),
            ],
            database_operations=[],
        ),
    ]
