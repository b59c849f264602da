"""Demo trainings: the seed's 2022 workshop, its replications and other agencies'."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings

from agencies.models import Agency
from core.demo import DemoReport, ensure_image, ensure_page, locales, scene_png
from events import organizers
from events.models import Audience, EventIndexPage, EventPage, EventSession, Modality
from home.models import ContentLanguage, HomePage, Topic

# Drawn illustrations of some demo trainings (title = text for screen readers).
TRAINING_IMAGES = {
    "taller-trafico-ilicito-migrantes-2027-colon": {
        "es": "Costa de Colón (ilustración)",
        "en": "The Colón coast (illustration)",
        "colours": ("#d8ecf6", "#3f8f9a", "#f4a259"),
    },
}


def _training_image(slug: str, code: str, report: DemoReport):
    spec = TRAINING_IMAGES.get(slug)
    if spec is None:
        return None
    return ensure_image(spec[code], f"{slug}.png", scene_png(spec["colours"]), report)


CALENDAR = {
    "es": (
        "Capacitaciones",
        "El calendario común de capacitaciones de las instituciones del portal: "
        "quién capacita a quién, cuándo y dónde.",
    ),
    "en": (
        "Trainings",
        "The shared training calendar of the portal's institutions: who trains "
        "whom, when and where.",
    ),
}

WORKSHOP_ES = {
    "title": "Taller sobre tráfico ilícito de migrantes",
    "summary": "Tres días de aprendizaje activo para fortalecer las capacidades "
    "del Estado frente al tráfico ilícito de migrantes: exposiciones de "
    "especialistas, análisis de casos y trabajo en grupos.",
    "body": [
        "Metodología participativa: intercambio entre pares, análisis de casos "
        "concretos, trabajo en grupos y reflexiones en plenaria.",
        "Tras la inscripción se prioriza a quienes tienen excelentes evaluaciones "
        "de desempeño y experiencia docente: se espera que los participantes sean "
        "instructores en el futuro.",
    ],
    "sessions": ["Marco jurídico y conceptos", "Análisis de casos", "Plan de acción"],
}
WORKSHOP_EN = {
    "title": "Workshop on migrant smuggling",
    "summary": "Three days of active learning to build the State's capabilities "
    "against migrant smuggling: expert presentations, case analysis and group "
    "work.",
    "body": [
        "Participatory methodology: peer exchanges, analysis of specific cases, "
        "group work and reflections in plenary.",
        "After registration, people with excellent performance evaluations and "
        "teaching experience are prioritized: participants are expected to become "
        "instructors in the future.",
    ],
    "sessions": ["Legal framework and concepts", "Case analysis", "Action plan"],
}

# What every edition of the seed workshop shares: it is replicated as it was.
WORKSHOP_SERIES = {
    "hours": (9, 16),
    "audience": Audience.BORDER_AND_MIGRATION,
    "topic": "migrant-smuggling",
    "series": "workshop",
}


def _workshop_edition(slug, agencies, days, modality, venue, title_es, title_en):
    return {
        **WORKSHOP_SERIES,
        "slug": slug,
        "agencies": agencies,
        "days": days,
        "modality": modality,
        "venue": venue,
        "es": {**WORKSHOP_ES, "title": title_es},
        "en": {**WORKSHOP_EN, "title": title_en},
    }


# slug, agencies (lead first), days (year, month, day), hours, audience, modality,
# city, topic, text per language. Editions of the seed workshop share its series.
TRAININGS = [
    _workshop_edition(
        "taller-trafico-ilicito-migrantes-2022",
        ["oim", "snm", "programa-hemisferio-occidental"],
        [(2022, 5, 12), (2022, 5, 13), (2022, 5, 14)],
        Modality.IN_PERSON,
        ("Sede del Servicio Nacional de Migración", "Ciudad de Panamá"),
        WORKSHOP_ES["title"],
        WORKSHOP_EN["title"],
    ),
    _workshop_edition(
        "taller-trafico-ilicito-migrantes-2027-colon",
        ["snm", "oim"],
        [(2027, 3, 9), (2027, 3, 10), (2027, 3, 11)],
        Modality.IN_PERSON,
        ("Centro de capacitación regional", "Colón"),
        "Taller sobre tráfico ilícito de migrantes (réplica en Colón)",
        "Workshop on migrant smuggling (Colón replication)",
    ),
    _workshop_edition(
        "taller-trafico-ilicito-migrantes-2027-chiriqui",
        ["snm", "oim", "red-comunitaria-migrantes"],
        [(2027, 9, 14), (2027, 9, 15), (2027, 9, 16)],
        Modality.HYBRID,
        ("Casa de la Cultura", "David, Chiriquí"),
        "Taller sobre tráfico ilícito de migrantes con la sociedad civil (Chiriquí)",
        "Workshop on migrant smuggling with civil society (Chiriquí)",
    ),
    {
        "slug": "acogida-comunitaria-darien",
        "agencies": ["red-comunitaria-migrantes"],
        "days": [(2026, 12, 10)],
        "hours": (8, 13),
        "audience": Audience.CIVIL_SOCIETY,
        "modality": Modality.IN_PERSON,
        "venue": ("Albergue comunitario", "Darién"),
        "topic": "human-rights",
        "es": {
            "title": "Acogida comunitaria de personas migrantes",
            "summary": "Orientación práctica para voluntariado de albergues y "
            "comunidades de acogida.",
        },
        "en": {
            "title": "Community reception of migrants",
            "summary": "Practical guidance for shelter volunteers and host "
            "communities.",
        },
    },
    {
        "slug": "derechos-personas-migrantes-orientacion-juridica",
        "agencies": ["clinica-juridica-comunitaria"],
        "days": [(2027, 4, 20), (2027, 4, 22)],
        "hours": (14, 17),
        "audience": Audience.CIVIL_SOCIETY,
        "modality": Modality.ONLINE,
        "venue": ("", ""),
        "topic": "human-rights",
        "es": {
            "title": "Derechos de las personas migrantes: orientación jurídica básica",
            "summary": "Dos sesiones en línea sobre los derechos de las personas "
            "migrantes y cómo orientarlas hacia la asistencia jurídica gratuita.",
        },
        "en": {
            "title": "Migrants' rights: basic legal guidance",
            "summary": "Two online sessions on migrants' rights and how to refer "
            "people to free legal assistance.",
        },
    },
    {
        "slug": "identificacion-victimas-trata",
        "agencies": ["oim", "snm"],
        "days": [(2027, 5, 18), (2027, 5, 19)],
        "hours": (9, 15),
        "audience": Audience.LAW_ENFORCEMENT,
        "modality": Modality.IN_PERSON,
        "venue": ("Hotel sede de la capacitación", "Ciudad de Panamá"),
        "topic": "trafficking-in-persons",
        "es": {
            "title": "Identificación de víctimas de trata de personas",
            "summary": "Indicadores, entrevista y derivación de posibles víctimas "
            "de trata para personal policial y fiscal.",
        },
        "en": {
            "title": "Identifying victims of trafficking in persons",
            "summary": "Indicators, interviewing and referral of possible victims "
            "of trafficking for police officers and prosecutors.",
        },
    },
    {
        "slug": "datos-abiertos-movilidad-humana",
        "agencies": ["observatorio-movilidad-humana"],
        "days": [(2027, 6, 8)],
        "hours": (9, 12),
        "audience": Audience.PUBLIC_SERVANTS,
        "modality": Modality.HYBRID,
        "venue": ("Biblioteca Nacional", "Ciudad de Panamá"),
        "topic": "migration-governance",
        "language": ContentLanguage.SPANISH,
        "es": {
            "title": "Datos abiertos sobre movilidad humana",
            "summary": "Cómo publicar y usar datos abiertos de movilidad humana "
            "sin exponer a las personas.",
        },
        "en": {
            "title": "Open data on human mobility",
            "summary": "How to publish and use open data on human mobility without "
            "exposing people.",
        },
    },
]


def load(report: DemoReport) -> None:
    """Create what is missing; needs the agencies demo (agencies.demo) loaded first."""
    locale = locales()
    homes = {
        code: HomePage.objects.filter(locale=locale[code], depth=2).first()
        for code in ("es", "en")
    }
    if not all(homes.values()):
        return
    calendars = {}
    original = None
    for code in ("es", "en"):
        title, intro = CALENDAR[code]
        calendars[code] = ensure_page(
            homes[code],
            EventIndexPage(title=title, slug="events", intro=intro, show_in_menus=True),
            report,
            translation_of=original,
        )
        original = original or calendars[code]

    agencies = {agency.slug: agency for agency in Agency.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    series: dict[str, uuid.UUID] = {}
    for spec in TRAININGS:
        if not all(slug in agencies for slug in spec["agencies"]):
            report.add(f"skipped training {spec['slug']}: its agencies are missing")
            continue
        _ensure_training(spec, calendars, agencies, topics, series, report)


def _ensure_training(spec, calendars, agencies, topics, series, report) -> None:
    zone = ZoneInfo(settings.TIME_ZONE)
    start_hour, end_hour = spec["hours"]
    lead, *co_organizers = (agencies[slug] for slug in spec["agencies"])
    topic = topics.get(spec["topic"])
    original = None
    uids, keys = [], []
    for code in ("es", "en"):
        text = spec[code]
        existing = calendars[code].get_children().filter(slug=spec["slug"]).first()
        if existing is not None:
            original = original or existing.specific
            if spec.get("series"):
                series.setdefault(spec["series"], existing.specific.series_key)
            uids = uids or [s.uid for s in existing.specific.sessions.all()]
            keys = keys or [s.translation_key for s in existing.specific.sessions.all()]
            continue
        sessions = []
        for number, (year, month, day) in enumerate(spec["days"]):
            names = text.get("sessions", [])
            sessions.append(
                EventSession(
                    title=names[number] if number < len(names) else "",
                    sort_order=number,
                    start=datetime.datetime(year, month, day, start_hour, tzinfo=zone),
                    end=datetime.datetime(year, month, day, end_hour, tzinfo=zone),
                    # Both languages describe the same sittings: one calendar UID.
                    uid=uids[number] if number < len(uids) else uuid.uuid4(),
                    # ... and the English session is the Spanish one's twin.
                    translation_key=(
                        keys[number] if number < len(keys) else uuid.uuid4()
                    ),
                )
            )
        venue, city = spec["venue"]
        event = EventPage(
            title=text["title"],
            slug=spec["slug"],
            summary=text["summary"],
            body=[("paragraph", f"<p>{p}</p>") for p in text.get("body", [])],
            lead_agency=lead,
            co_organizers=co_organizers,
            topics=[topic] if topic else [],
            audience=spec["audience"],
            modality=spec["modality"],
            language=spec.get("language", ContentLanguage.SPANISH),
            venue_name=venue,
            city=city,
            contact=lead.contact_email,
            sessions=sessions,
            image=_training_image(spec["slug"], code, report),
        )
        if spec.get("series"):
            event.series_key = series.setdefault(spec["series"], event.series_key)
        page = ensure_page(calendars[code], event, report, translation_of=original)
        # The demo's agencies agreed to co-organize beforehand.
        organizers.co_organizers_record_consent(event=page.specific)
        original = original or page
        uids = uids or [s.uid for s in page.sessions.all()]
        keys = keys or [s.translation_key for s in page.sessions.all()]
