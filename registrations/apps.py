"""App configuration for registrations: applying for trainings and what follows."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from agencies import personal_data
from core.signals import worker_started
from events import hooks


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        # Models load only once the app registry is ready.
        from events import signals
        from registrations import receivers, services

        hooks.online_link_access.connect(
            receivers.participant_sees_online_link,
            dispatch_uid="registrations.participant_sees_online_link",
        )
        hooks.coordination_annotations.connect(
            receivers.coordination_counts,
            dispatch_uid="registrations.coordination_counts",
        )
        hooks.registration_states.connect(
            receivers.card_registration_states,
            dispatch_uid="registrations.card_registration_states",
        )
        hooks.edition_facilitators.connect(
            receivers.edition_facilitators,
            dispatch_uid="registrations.edition_facilitators",
        )
        hooks.series_tree.connect(
            receivers.series_tree, dispatch_uid="registrations.series_tree"
        )
        signals.training_changed.connect(
            receivers.tell_registrants_of_schedule_change,
            dispatch_uid="registrations.tell_registrants_of_schedule_change",
        )
        worker_started.connect(
            receivers.expire_offers_on_worker_start,
            dispatch_uid="registrations.expire_offers_on_worker_start",
        )
        signals.training_published.connect(
            receivers.schedule_quota_releases,
            dispatch_uid="registrations.schedule_quota_releases",
        )
        worker_started.connect(
            receivers.release_quota_seats_on_worker_start,
            dispatch_uid="registrations.release_quota_seats_on_worker_start",
        )
        worker_started.connect(
            receivers.catch_up_on_worker_start,
            dispatch_uid="registrations.catch_up_on_worker_start",
        )
        personal_data.register(
            "registrations",
            export=services.registration_export_user,
            anonymise=services.registration_anonymise_user,
        )
