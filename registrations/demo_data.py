"""What the demo registrations are made of: the trainings they touch, the
officials, the 2022 workshop's criteria, questions and comments, and the
editions its participants lead."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from events.registration_settings import RegistrationMode
from registrations.models import (
    RegistrationQuestion,
)

WORKSHOP = "taller-trafico-ilicito-migrantes-2022"
COLON = "taller-trafico-ilicito-migrantes-2027-colon"
CHIRIQUI = "taller-trafico-ilicito-migrantes-2027-chiriqui"
DARIEN = "acogida-comunitaria-darien"
VICTIMS = "identificacion-victimas-trata"
LEGAL_GUIDANCE = "derechos-personas-migrantes-orientacion-juridica"
# Registration settings of the other demo trainings (the open data course keeps
# the default: no registration, by invitation of the organizers).
ZONE = ZoneInfo(settings.TIME_ZONE)
OTHER_TRAININGS = {
    DARIEN: {
        "registration_mode": RegistrationMode.FIRST_COME,
        "capacity": 40,
        "waitlist_enabled": False,
        "registration_closes_at": datetime.datetime(2026, 12, 3, 18, tzinfo=ZONE),
    },
    VICTIMS: {
        "registration_mode": RegistrationMode.FIRST_COME,
        "capacity": 8,
        "waitlist_enabled": True,
    },
    LEGAL_GUIDANCE: {
        "registration_mode": RegistrationMode.FIRST_COME,
        "capacity": 60,
        "waitlist_enabled": True,
        "registration_opens_at": datetime.datetime(2027, 2, 1, 8, tzinfo=ZONE),
    },
}
# Already taken on the Chiriquí replication when the demo starts.
CHIRIQUI_TAKEN = 4

CRITERIA = [
    ("Evaluación de desempeño", "Performance evaluation", 3),
    ("Experiencia docente", "Teaching experience", 2),
]
ELIGIBILITY = {
    "es": (
        "Funcionarios y funcionarias de instituciones públicas y organizaciones de "
        "la sociedad civil que trabajan en migración. Se priorizan las evaluaciones "
        "de desempeño excelentes y la experiencia docente."
    ),
    "en": (
        "Officials of public institutions and civil-society organizations working "
        "on migration. Excellent performance evaluations and teaching experience "
        "are prioritized."
    ),
}
QUESTIONS = [
    {
        "kind": RegistrationQuestion.Kind.SINGLE_CHOICE,
        "label": "Resultado de su última evaluación de desempeño",
        "label_en": "Result of your latest performance evaluation",
        "choices": "Excelente\nMuy bueno\nBueno\nRegular",
        "choices_en": "Excellent\nVery good\nGood\nFair",
    },
    {
        "kind": RegistrationQuestion.Kind.YES_NO,
        "label": "¿Ha impartido cursos o talleres?",
        "label_en": "Have you taught courses or workshops?",
    },
    {
        "kind": RegistrationQuestion.Kind.LONG_TEXT,
        "label": "¿Por qué quiere participar y replicar el taller?",
        "label_en": "Why do you want to take part and replicate the workshop?",
        "required": False,
    },
]
# Officials who registered for the 2022 workshop: name, unit, evaluation,
# taught before, (performance, teaching) scores given by the organizers.
OFFICIALS = [
    ("Ana Castillo", "Unidad de Tráfico de Migrantes", "Excelente", True, (5, 5)),
    ("Luis Pérez", "Dirección de Fronteras", "Excelente", True, (5, 4)),
    ("María González", "Oficina Regional de Chiriquí", "Excelente", True, (5, 4)),
    (
        "José Rodríguez",
        "Aeropuerto Internacional de Tocumen",
        "Muy bueno",
        True,
        (4, 5),
    ),
    ("Carmen Herrera", "Oficina Regional de Colón", "Excelente", False, (5, 2)),
    ("Ricardo Sánchez", "Unidad de Tráfico de Migrantes", "Muy bueno", True, (4, 4)),
    ("Elena Vargas", "Dirección de Control Migratorio", "Muy bueno", True, (4, 4)),
    ("Jorge Morales", "Oficina Regional de Darién", "Excelente", False, (5, 1)),
    ("Lucía Ríos", "Departamento de Asesoría Legal", "Muy bueno", True, (4, 3)),
    ("Pedro Jiménez", "Puerto de Balboa", "Bueno", True, (3, 4)),
    ("Rosa Delgado", "Oficina Regional de Bocas del Toro", "Muy bueno", False, (4, 1)),
    ("Andrés Castro", "Dirección de Fronteras", "Bueno", False, (3, 1)),
    ("Sofía Mendoza", "Aeropuerto Internacional de Tocumen", "Bueno", False, (2, 1)),
    ("Diego Ortega", "Dirección de Control Migratorio", "Regular", False, (2, 0)),
]
# Participants of the 2022 workshop who lead its replications, with their
# consent; the demo participant (Ana Castillo) is asked for Chiriquí and has not
# answered yet, so signing in as them shows the invitation.
CASCADE = {
    COLON: [("Carmen Herrera", True)],
    CHIRIQUI: [("María González", True), ("Ana Castillo", False)],
}
SEATS_2022 = 10
ABSENT_2022 = {"Jorge Morales"}
COMMENTS = [
    (5, "Los casos prácticos fueron muy útiles para el trabajo en frontera."),
    (5, "Me siento preparada para replicar el taller en mi oficina regional."),
    (4, "Más tiempo para el trabajo en grupo."),
]
