"""Demo announcements: a few public ones and one for each demo agency's members."""

import datetime

from django.utils import timezone

from agencies.models import Agency, Membership
from announcements.models import Announcement
from announcements.services import announcement_publish
from core.demo import DemoReport

PUBLIC = [
    {
        "title": "Abiertas las inscripciones para la réplica del taller sobre tráfico "
        "ilícito de migrantes",
        "body": "La segunda edición del taller se dirige a otras entidades y a "
        "organizaciones de la sociedad civil. Se priorizan las personas con buenas "
        "evaluaciones de desempeño y experiencia docente.",
        "title_en": "Registration open for the repeat of the workshop on migrant "
        "smuggling",
        "body_en": "The workshop's second edition is for other entities and "
        "civil-society organizations. People with good performance evaluations and "
        "teaching experience come first.",
        "level": Announcement.Level.IMPORTANT,
        "days_ago": 2,
    },
    {
        "title": "Nuevos recursos: Ley 36 de 2013 y Plan Nacional contra el Tráfico "
        "Ilícito de Migrantes",
        "body": "Los textos están disponibles en la sección de recursos del portal.",
        "title_en": "New resources: Law 36 of 2013 and the National Plan against "
        "Migrant Smuggling",
        "body_en": "The texts are in the portal's resources section.",
        "level": Announcement.Level.INFO,
        "days_ago": 5,
    },
    {
        "title": "Bienvenida al Portal de Coordinación",
        "body": "Aquí encontrará las capacitaciones conjuntas, los recursos y los "
        "anuncios de las entidades participantes.",
        "title_en": "Welcome to the Coordination Portal",
        "body_en": "Here you will find the joint trainings, the resources and the "
        "announcements of the participating entities.",
        "level": Announcement.Level.INFO,
        "days_ago": 9,
    },
]


def _publish_once(report: DemoReport, *, title: str, **fields) -> None:
    existing = Announcement.objects.filter(title=title)
    if existing.exists():
        # A demo loaded before announcements had English texts gains them.
        if existing.filter(title_en="").update(
            title_en=fields["title_en"], body_en=fields["body_en"]
        ):
            report.add(f"announcement in English: {fields['title_en']}")
        return
    announcement_publish(title=title, **fields)
    report.add(f"announcement: {title}")


def load(report: DemoReport) -> None:
    now = timezone.now()
    for item in PUBLIC:
        _publish_once(
            report,
            title=item["title"],
            body=item["body"],
            title_en=item["title_en"],
            body_en=item["body_en"],
            level=item["level"],
            audience=Announcement.Audience.PUBLIC,
            publish_at=now - datetime.timedelta(days=item["days_ago"]),
        )
    for agency in Agency.objects.filter(is_active=True).order_by("pk"):
        name = agency.acronym or agency.name_es[:120]
        name_en = agency.acronym or agency.name_en[:120]
        # Written by the agency's editor, as in life: the editors' admin list
        # shows what editors wrote, not the portal's own notices.
        editorship = (
            Membership.objects.filter(
                agency=agency, role=Membership.Role.EDITOR, user__is_active=True
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        _publish_once(
            report,
            title=f"Reunión de coordinación de miembros · {name}",
            body="Los miembros de la entidad se reúnen para preparar la réplica del "
            "taller. Revisen los materiales en la sección de recursos.",
            title_en=f"Members' coordination meeting · {name_en}",
            body_en="The entity's members meet to prepare the repeat of the "
            "workshop. Please review the materials in the resources section.",
            level=Announcement.Level.INFO,
            audience=Announcement.Audience.AGENCY,
            agency=agency,
            by=None if editorship is None else editorship.user,
            publish_at=now - datetime.timedelta(days=1),
        )
