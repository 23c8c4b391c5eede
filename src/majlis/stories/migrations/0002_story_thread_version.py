from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="story",
            name="thread_version",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
    ]
