"""The registration models, moved here from the events app with their tables
(events/migrations/0006_move_registrations_out.py): created in the migration
state only; their Meta.db_table keeps the events_… names, and the constraint and
index names are the ones the tables already have."""

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('agencies', '0005_invitation_revoked_at'),
        ('events', '0006_move_registrations_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's idea of which app owns
            # the models changes.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Registration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('pending', 'Pending review'), ('confirmed', 'Confirmed'), ('waitlisted', 'Waiting list'), ('declined', 'Declined'), ('cancelled', 'Cancelled'), ('attended', 'Attended')], db_index=True, max_length=20, verbose_name='status')),
                        ('full_name', models.CharField(blank=True, max_length=200, verbose_name='full name')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                        ('organization', models.CharField(blank=True, max_length=200, verbose_name='organization')),
                        ('position', models.CharField(blank=True, max_length=200, verbose_name='position')),
                        ('applied_at', models.DateTimeField(db_index=True, verbose_name='applied at')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='cancelled at')),
                        ('decision_message', models.TextField(blank=True, verbose_name='message to the participant')),
                        ('agency', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='registrations', to='agencies.agency', verbose_name='organization')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to='events.eventpage', verbose_name='training')),
                        ('sessions', models.ManyToManyField(blank=True, help_text='Empty when the registration covers every session.', related_name='registrations', to='events.eventsession', verbose_name='sessions')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to=settings.AUTH_USER_MODEL, verbose_name='participant')),
                    ],
                    options={
                        'verbose_name': 'registration',
                        'verbose_name_plural': 'registrations',
                        'db_table': 'events_registration',
                        'ordering': ['applied_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Evaluation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rating', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='rating')),
                        ('comments', models.TextField(blank=True, verbose_name='comments')),
                        ('submitted_at', models.DateTimeField(auto_now=True, verbose_name='submitted at')),
                        ('registration', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='evaluation', to='registrations.registration', verbose_name='registration')),
                    ],
                    options={
                        'verbose_name': 'evaluation',
                        'verbose_name_plural': 'evaluations',
                        'db_table': 'events_evaluation',
                    },
                ),
                migrations.CreateModel(
                    name='Certificate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=20, unique=True, verbose_name='verification code')),
                        ('holder_name', models.CharField(max_length=200, verbose_name='holder')),
                        ('issued_at', models.DateTimeField(auto_now_add=True, verbose_name='issued at')),
                        ('registration', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='certificate', to='registrations.registration', verbose_name='registration')),
                    ],
                    options={
                        'verbose_name': 'certificate',
                        'verbose_name_plural': 'certificates',
                        'db_table': 'events_certificate',
                    },
                ),
                migrations.CreateModel(
                    name='Attendance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('present', models.BooleanField(default=True, verbose_name='present')),
                        ('recorded_at', models.DateTimeField(auto_now=True, verbose_name='recorded at')),
                        ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='events.eventsession', verbose_name='session')),
                        ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='registrations.registration', verbose_name='registration')),
                    ],
                    options={
                        'verbose_name': 'attendance',
                        'verbose_name_plural': 'attendance',
                        'db_table': 'events_attendance',
                    },
                ),
                migrations.CreateModel(
                    name='RegistrationQuestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('kind', models.CharField(choices=[('short_text', 'Short text'), ('long_text', 'Long text'), ('single_choice', 'Single choice'), ('multiple_choice', 'Multiple choice'), ('yes_no', 'Yes / no')], default='short_text', max_length=20, verbose_name='kind of answer')),
                        ('label_es', models.CharField(max_length=300, verbose_name='question (Spanish)')),
                        ('label_en', models.CharField(max_length=300, verbose_name='question (English)')),
                        ('choices_es', models.TextField(blank=True, help_text='Single and multiple choice: one choice per line.', verbose_name='choices (Spanish)')),
                        ('choices_en', models.TextField(blank=True, help_text='The same choices in the same order, one per line.', verbose_name='choices (English)')),
                        ('required', models.BooleanField(default=True, verbose_name='required')),
                        ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='registration_questions', to='events.eventpage', verbose_name='training')),
                    ],
                    options={
                        'verbose_name': 'registration question',
                        'verbose_name_plural': 'registration questions',
                        'db_table': 'events_registrationquestion',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='RegistrationAnswer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.TextField(blank=True, verbose_name='answer')),
                        ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='registrations.registration', verbose_name='registration')),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='registrations.registrationquestion', verbose_name='question')),
                    ],
                    options={
                        'verbose_name': 'answer',
                        'verbose_name_plural': 'answers',
                        'db_table': 'events_registrationanswer',
                    },
                ),
                migrations.CreateModel(
                    name='SelectionCriterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('name_es', models.CharField(max_length=200, verbose_name='criterion (Spanish)')),
                        ('name_en', models.CharField(max_length=200, verbose_name='criterion (English)')),
                        ('weight', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='weight')),
                        ('max_score', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='highest score')),
                        ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='selection_criteria', to='events.eventpage', verbose_name='training')),
                    ],
                    options={
                        'verbose_name': 'selection criterion',
                        'verbose_name_plural': 'selection criteria',
                        'db_table': 'events_selectioncriterion',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='SelectionScore',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.PositiveSmallIntegerField(verbose_name='score')),
                        ('scored_at', models.DateTimeField(auto_now=True, verbose_name='scored at')),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='registrations.selectioncriterion', verbose_name='criterion')),
                        ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='registrations.registration', verbose_name='registration')),
                        ('scored_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='scored by')),
                    ],
                    options={
                        'verbose_name': 'selection score',
                        'verbose_name_plural': 'selection scores',
                        'db_table': 'events_selectionscore',
                    },
                ),
                migrations.AddIndex(
                    model_name='registration',
                    index=models.Index(fields=['event', 'status', 'applied_at'], name='events_registration_queue'),
                ),
                migrations.AddConstraint(
                    model_name='registration',
                    constraint=models.UniqueConstraint(fields=('event', 'user'), name='events_registration_one_per_person'),
                ),
                migrations.AddConstraint(
                    model_name='attendance',
                    constraint=models.UniqueConstraint(fields=('registration', 'session'), name='events_attendance_one_per_session'),
                ),
                migrations.AddConstraint(
                    model_name='registrationanswer',
                    constraint=models.UniqueConstraint(fields=('registration', 'question'), name='events_answer_one_per_question'),
                ),
                migrations.AddConstraint(
                    model_name='selectionscore',
                    constraint=models.UniqueConstraint(fields=('registration', 'criterion'), name='events_score_one_per_criterion'),
                ),
            ],
        ),
    ]
