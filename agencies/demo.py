"""Demo agencies from the seed story and their people (home.demo links the agencies
to the pages they organize)."""

import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from agencies import services
from agencies.models import Agency, Membership
from core.demo import DemoReport, ensure_image, logo_png, record_login

# The seed's three organizations, then invented civil-society organizations that
# say plainly they are examples.
AGENCIES = [
    {
        "slug": "snm",
        "login": "snm",
        "acronym": "SNM",
        "kind": Agency.Kind.GOVERNMENT,
        "country": "Panamá",
        "name_es": "Servicio Nacional de Migración de Panamá",
        "name_en": "National Migration Service of Panama",
        "description_es": "Institución del Estado panameño a cargo de la gestión "
        "migratoria. Su Unidad de Asuntos de Tráfico Ilícito de Migrantes, creada "
        "por la Ley N.º 36 de 2013, promueve la capacitación de su personal y de "
        "otros servidores públicos.",
        "description_en": "The Panamanian state institution in charge of migration "
        "management. Its Unit for Migrant Smuggling Affairs, created by Law No. 36 "
        "of 2013, promotes training for its staff and other public servants.",
    },
    {
        "slug": "oim",
        "login": "oim",
        "acronym": "OIM",
        "kind": Agency.Kind.INTERNATIONAL,
        "country": "Panamá",
        "name_es": "Organización Internacional para las Migraciones (OIM)",
        "name_en": "International Organization for Migration (IOM)",
        "description_es": "Organismo de las Naciones Unidas para la migración; "
        "coorganizó el taller sobre tráfico ilícito de migrantes de mayo de 2022.",
        "description_en": "The United Nations agency for migration; it co-organized "
        "the May 2022 workshop on migrant smuggling.",
        "contact_email": "iompanama@iom.int",
    },
    {
        "slug": "programa-hemisferio-occidental",
        "login": "pho",
        "acronym": "",
        "kind": Agency.Kind.INTERNATIONAL,
        "country": "",
        "name_es": "Programa Hemisferio Occidental",
        "name_en": "Western Hemisphere Program",
        "description_es": "Programa regional que apoya el fortalecimiento de "
        "capacidades de los gobiernos; coorganizó el taller de mayo de 2022.",
        "description_en": "A regional programme supporting government capacity "
        "building; it co-organized the May 2022 workshop.",
    },
    {
        "slug": "red-comunitaria-migrantes",
        "login": "red",
        "acronym": "",
        "kind": Agency.Kind.CIVIL_SOCIETY,
        "country": "Panamá",
        "name_es": "Red Comunitaria de Apoyo a Personas Migrantes (ejemplo)",
        "name_en": "Community Network Supporting Migrants (example)",
        "description_es": "Organización ficticia de demostración: voluntariado que "
        "orienta a personas migrantes en albergues y comunidades de acogida.",
        "description_en": "Fictitious demonstration organization: volunteers who "
        "guide migrants in shelters and host communities.",
    },
    {
        "slug": "clinica-juridica-comunitaria",
        "login": "clinica",
        "acronym": "",
        "kind": Agency.Kind.CIVIL_SOCIETY,
        "country": "Panamá",
        "name_es": "Clínica Jurídica Comunitaria (ejemplo)",
        "name_en": "Community Legal Clinic (example)",
        "description_es": "Organización ficticia de demostración: asesoría "
        "jurídica gratuita sobre derechos de las personas migrantes.",
        "description_en": "Fictitious demonstration organization: free legal advice "
        "on the rights of migrants.",
    },
    {
        "slug": "observatorio-movilidad-humana",
        "login": "observatorio",
        "acronym": "",
        "kind": Agency.Kind.CIVIL_SOCIETY,
        "country": "Panamá",
        "name_es": "Observatorio Ciudadano de Movilidad Humana (ejemplo)",
        "name_en": "Citizens' Observatory on Human Mobility (example)",
        "description_es": "Organización ficticia de demostración: datos abiertos "
        "y estudios sobre movilidad humana en la región.",
        "description_en": "Fictitious demonstration organization: open data and "
        "studies on human mobility in the region.",
    },
]


def load(report: DemoReport) -> None:
    agencies = {}
    for spec in AGENCIES:
        fields = {name: value for name, value in spec.items() if name != "login"}
        agency = agencies[spec["slug"]] = _ensure_agency(fields, report)
        _ensure_logo(agency, report)
        login = spec["login"]
        _ensure_person(
            agency, Membership.Role.COORDINATOR, f"coordinacion.{login}", report
        )
        _ensure_person(agency, Membership.Role.EDITOR, f"editor.{login}", report)
    _ensure_person(None, None, "participante", report)
    _ensure_verified_superusers()


def _ensure_agency(spec: dict, report: DemoReport) -> Agency:
    agency = Agency.objects.filter(slug=spec["slug"]).first()
    if agency is None:
        agency = services.agency_create(**spec)
        report.add(f"agency: {agency.name_en}")
    elif agency.collection_id is None or agency.editors_group_id is None:
        services.agency_provision(agency=agency)
    return agency


# Emblem colours of the demo logos (dark enough for white initials' contrast).
LOGO_COLOURS = ["#0b4f6c", "#1d5fa8", "#7a3e9d", "#a4461a", "#1d6b3a", "#6b4a00"]


def _ensure_logo(agency: Agency, report: DemoReport) -> None:
    """A drawn logo in the agency's collection, given once (a logo a coordinator
    removed or replaced later is not put back: the image exists by then)."""
    title = f"Logo {agency.slug}"
    if agency.logo_id is not None or _image_exists(title):
        return
    mark = (
        agency.acronym
        or "".join(word[0] for word in agency.name_es.split() if word[0].isupper())[:4]
    )
    colour = LOGO_COLOURS[sum(map(ord, agency.slug)) % len(LOGO_COLOURS)]
    agency.logo = ensure_image(
        title,
        f"logo-{agency.slug}.png",
        logo_png(mark, colour),
        report,
        collection=agency.collection,
        description=f"Logo: {agency.name_es}",
    )
    agency.save(update_fields=["logo"])


def _image_exists(title: str) -> bool:
    from wagtail.images import get_image_model

    return get_image_model().objects.filter(title=title).exists()


def _ensure_person(agency, role, local_part: str, report: DemoReport) -> None:
    """A verified demo account (and its membership), printed once with its password."""
    User = get_user_model()
    email = f"{local_part}@example.org"
    if User.objects.filter(email__iexact=email).exists():
        return
    password = secrets.token_urlsafe(12)
    user = User.objects.create_user(username=local_part, email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    services.profile_update(
        user=user,
        full_name=local_part.replace(".", " ").replace("-", " ").title(),
        agency=agency,
        preferred_language="es",
    )
    if agency is not None:
        services.membership_create(agency=agency, user=user, role=role)
        label = f"{role} {local_part.split('.')[-1]}"
    else:
        label = "participant"
    record_login(str(label)[:28], email, password)
    report.add(f"demo account: {email}")


def _ensure_verified_superusers() -> None:
    """Superusers sign in through allauth too, so their address must be verified."""
    for user in get_user_model().objects.filter(is_superuser=True).exclude(email=""):
        if not EmailAddress.objects.filter(user=user).exists():
            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=True
            )
