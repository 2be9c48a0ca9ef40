from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("sessions_core", "0004_session_timers_paused_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="waitarrival",
            name="release_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="pagevisit",
            name="how",
            field=models.CharField(
                choices=[("submitted", "submitted"), ("timeout", "timed out"),
                         ("passed", "passed (wait page)"), ("released", "released (lobby timeout)")],
                max_length=10),
        ),
    ]
