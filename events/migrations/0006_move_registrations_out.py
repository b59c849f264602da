"""The registration models move to the registrations app with their tables:
removed from this app's state only (registrations/migrations/0001_initial.py
adds them there, keeping the events_… table names)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_co_organizer_invitations'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's idea of which app owns
            # the models changes.
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='certificate',
                    name='registration',
                ),
                migrations.RemoveField(
                    model_name='evaluation',
                    name='registration',
                ),
                migrations.RemoveField(
                    model_name='registration',
                    name='agency',
                ),
                migrations.RemoveField(
                    model_name='registration',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='registration',
                    name='sessions',
                ),
                migrations.RemoveField(
                    model_name='registration',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='selectionscore',
                    name='registration',
                ),
                migrations.RemoveField(
                    model_name='registrationanswer',
                    name='registration',
                ),
                migrations.RemoveField(
                    model_name='registrationanswer',
                    name='question',
                ),
                migrations.RemoveField(
                    model_name='registrationquestion',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='selectioncriterion',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='selectionscore',
                    name='criterion',
                ),
                migrations.RemoveField(
                    model_name='selectionscore',
                    name='scored_by',
                ),
                migrations.DeleteModel(
                    name='Attendance',
                ),
                migrations.DeleteModel(
                    name='Certificate',
                ),
                migrations.DeleteModel(
                    name='Evaluation',
                ),
                migrations.DeleteModel(
                    name='Registration',
                ),
                migrations.DeleteModel(
                    name='RegistrationAnswer',
                ),
                migrations.DeleteModel(
                    name='RegistrationQuestion',
                ),
                migrations.DeleteModel(
                    name='SelectionCriterion',
                ),
                migrations.DeleteModel(
                    name='SelectionScore',
                ),
            ],
        ),
    ]
