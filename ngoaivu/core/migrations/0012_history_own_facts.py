"""The units' history rows stop keeping the folded search text, derived from the name the row keeps
(as coordination 0011 for directives and requests).

Reversible: going back, the column is made again, empty (a search reads the live table, never the history)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0011_sweep_step_last_run'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalunit',
            name='search_text',
        ),
    ]
