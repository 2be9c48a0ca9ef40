from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("participants", "0004_participant_timeout"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="released_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
