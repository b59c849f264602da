"""Demo content of the public site, built from shared/seed/workshop-news.txt."""

import datetime

from wagtail.models import Page, Site

from agencies.models import Agency
from core.demo import DemoReport, ensure_document, ensure_page, locales, pdf_bytes
from home.models import (
    ContentLanguage,
    HomePage,
    HomePageFeaturedResource,
    NewsIndexPage,
    NewsPage,
    PortalSettings,
    ResourceIndexPage,
    ResourcePage,
    ResourcePageDocument,
    ResourceType,
    StandardPage,
    Topic,
)

# Demo pages (by slug, in every locale) and the demo agencies (agencies.demo) involved.
SEED_ORGANIZERS = ["snm", "oim", "programa-hemisferio-occidental"]
PAGE_AGENCIES = {
    (NewsPage, "workshop-migrant-smuggling-2022"): SEED_ORGANIZERS,
    (ResourcePage, "law-36-2013"): ["snm"],
    (ResourcePage, "untoc"): ["oim"],
    (ResourcePage, "smuggling-protocol"): ["oim"],
    (ResourcePage, "national-plan-against-migrant-smuggling"): ["snm", "oim"],
}

TOPICS = [
    ("migrant-smuggling", "Tráfico ilícito de migrantes", "Migrant smuggling"),
    ("trafficking-in-persons", "Trata de personas", "Trafficking in persons"),
    ("migration-governance", "Gobernanza migratoria", "Migration governance"),
    ("human-rights", "Derechos humanos", "Human rights"),
]

HOME = {
    "es": {
        "title": "Inicio",
        "hero_title": "Coordinación de capacitaciones contra el tráfico ilícito de "
        "migrantes",
        "hero_text": "Entidades de gobierno, organismos internacionales y "
        "organizaciones de la sociedad civil publican aquí sus capacitaciones "
        "conjuntas, comparten leyes, protocolos y guías, y se mantienen informadas.",
    },
    "en": {
        "title": "Home",
        "hero_title": "Coordinating training against migrant smuggling",
        "hero_text": "Government entities, international organizations and "
        "civil-society organizations publish their joint trainings here, share "
        "laws, protocols and guides, and keep each other informed.",
    },
}

ABOUT = {
    "es": {
        "title": "Acerca del portal",
        "intro": "Un espacio compartido para planificar y publicar capacitaciones "
        "conjuntas y los recursos que las acompañan.",
        "body": "El portal nace de experiencias como el taller sobre tráfico ilícito "
        "de migrantes de mayo de 2022: varias instituciones que capacitan a las "
        "mismas personas necesitan un calendario común, una forma justa de "
        "seleccionar participantes y un lugar donde encontrar los documentos.",
    },
    "en": {
        "title": "About the portal",
        "intro": "A shared space to plan and publish joint trainings and the "
        "resources that go with them.",
        "body": "The portal grew out of experiences such as the May 2022 workshop on "
        "migrant smuggling: several institutions training the same people need one "
        "calendar, a fair way to select participants and one place to find the "
        "documents.",
    },
}

NEWS_INDEX = {
    "es": ("Noticias", "Novedades de las instituciones que coordinan en el portal."),
    "en": ("News", "Updates from the institutions coordinating on the portal."),
}
RESOURCE_INDEX = {
    "es": ("Recursos", "Leyes, instrumentos internacionales, planes y guías."),
    "en": ("Resources", "Laws, international instruments, plans and guides."),
}

SEED_NEWS = {
    "en": {
        "title": "National Migration Service participates in workshop on smuggling "
        "of migrants",
        "summary": "IOM and the Western Hemisphere Program, with the National "
        "Migration Service, held a workshop on migrant smuggling from 12 to 14 May "
        "2022 to build government capabilities to manage migration in a sustainable "
        "and humane manner.",
        "tags": ["migrant smuggling", "training"],
        "contact": "For more information, contact IOM Panama's communications team "
        "via iompanama@iom.int",
        "paragraphs": [
            "The International Organization for Migration (IOM) and the Western "
            "Hemisphere Program, in collaboration with the National Migration "
            "Service, held a workshop on migrant smuggling from May 12 to 14, 2022, "
            "which aims to build government capabilities to manage migration in a "
            "sustainable and humane manner.",
            "During the three days of the workshop, participatory methodologies were "
            "used to promote theoretical-practical learning and interaction of "
            "participants based on their experiences and specific cases. The "
            "workshop used an active learning approach including expert "
            "presentations, peer exchanges, case analysis, group work and "
            "reflections in plenary, among other didactic resources.",
            "Representatives of the different units and departments of the National "
            "Migration Service nationwide participated voluntarily; those who had "
            "excellent evaluations of performance and teaching experience were "
            "prioritized after the registration process.",
            "Among the objectives of this workshop was to promote the peer-to-peer "
            "exchange of experiences, challenges and possible solutions to combat "
            "smuggling of migrants, identify synergies for mutual support in the "
            "development of robust systems to combat this crime, promote "
            "institutional autonomy for the continuous improvement of capabilities "
            "from the development of learning processes that encourage participating "
            "officials to be instructors in the future, and contribute to the "
            "implementation of the training actions established in the National "
            "Plan Against Migrant Smuggling.",
            "Law No. 36 of May 24, 2013, created the Unit for Migrant Smuggling "
            "Affairs within the National Migration Service to promote the "
            "professionalization, awareness and training of the Unit's personnel, "
            "as well as public servants, private sector entities and other agencies "
            "related to the National Plan Against the Smuggling of Migrants.",
            "In addition, the Institutional Strategic Plan 2020-2025 of the National "
            "Migration Service establishes the need for constant training for the "
            "development of the institution's human resources so that migration "
            "services are provided with professionalism, transparency, and security.",
            "These actions go hand in hand with the United Nations Convention Against "
            "Transnational Organized Crime and the Protocol Against the Smuggling of "
            "Migrants by Land, Sea, and Air, both of which were adopted by the "
            "Republic of Panama.",
            "It is expected in the coming months to replicate this training and to "
            "facilitate the coordination of multidisciplinary training with other "
            "entities and civil society organizations to strengthen knowledge on "
            "the subject at the national level.",
        ],
    },
    "es": {
        "title": "El Servicio Nacional de Migración participa en taller sobre "
        "tráfico ilícito de migrantes",
        "summary": "La OIM y el Programa Hemisferio Occidental, junto con el "
        "Servicio Nacional de Migración, realizaron del 12 al 14 de mayo de 2022 un "
        "taller sobre tráfico ilícito de migrantes para fortalecer las capacidades "
        "del gobierno en la gestión de una migración sostenible y humana.",
        "tags": ["tráfico ilícito de migrantes", "capacitación"],
        "contact": "Para más información, contacte al equipo de comunicaciones de "
        "OIM Panamá en iompanama@iom.int",
        "paragraphs": [
            "La Organización Internacional para las Migraciones (OIM) y el Programa "
            "Hemisferio Occidental, en colaboración con el Servicio Nacional de "
            "Migración, realizaron del 12 al 14 de mayo de 2022 un taller sobre "
            "tráfico ilícito de migrantes, que busca fortalecer las capacidades del "
            "gobierno para gestionar la migración de manera sostenible y humana.",
            "Durante los tres días del taller se emplearon metodologías "
            "participativas para promover el aprendizaje teórico-práctico y la "
            "interacción de los participantes a partir de sus experiencias y de "
            "casos concretos: exposiciones de especialistas, intercambio entre "
            "pares, análisis de casos, trabajo en grupos y reflexiones en plenaria.",
            "Participaron de forma voluntaria representantes de las distintas "
            "unidades y departamentos del Servicio Nacional de Migración a nivel "
            "nacional; tras el proceso de inscripción se priorizó a quienes tenían "
            "excelentes evaluaciones de desempeño y experiencia docente.",
            "Entre los objetivos del taller estuvo promover el intercambio entre "
            "pares de experiencias, desafíos y posibles soluciones para combatir el "
            "tráfico ilícito de migrantes, identificar sinergias de apoyo mutuo, "
            "promover la autonomía institucional mediante procesos de aprendizaje "
            "que animen a los funcionarios participantes a ser instructores en el "
            "futuro, y contribuir a las acciones de capacitación del Plan Nacional "
            "contra el Tráfico Ilícito de Migrantes.",
            "La Ley N.º 36 de 24 de mayo de 2013 creó la Unidad de Asuntos de "
            "Tráfico Ilícito de Migrantes dentro del Servicio Nacional de Migración "
            "para promover la profesionalización, sensibilización y capacitación "
            "de su personal, de servidores públicos, del sector privado y de otras "
            "entidades vinculadas al Plan Nacional.",
            "Además, el Plan Estratégico Institucional 2020-2025 del Servicio "
            "Nacional de Migración establece la necesidad de una capacitación "
            "constante para que los servicios migratorios se presten con "
            "profesionalismo, transparencia y seguridad.",
            "Estas acciones van de la mano con la Convención de las Naciones Unidas "
            "contra la Delincuencia Organizada Transnacional y el Protocolo contra "
            "el Tráfico Ilícito de Migrantes por Tierra, Mar y Aire, ambos adoptados "
            "por la República de Panamá.",
            "Se espera replicar esta capacitación en los próximos meses y facilitar "
            "la coordinación de formaciones multidisciplinarias con otras entidades "
            "y organizaciones de la sociedad civil para fortalecer el conocimiento "
            "del tema a nivel nacional.",
        ],
    },
}

# Each resource: slug, type, topic, language, date, issuing body and text per locale,
# and an optional demo PDF (title, file name, paragraphs).
RESOURCES = [
    {
        "slug": "law-36-2013",
        "type": ResourceType.LAW,
        "topic": "migrant-smuggling",
        "language": ContentLanguage.SPANISH,
        "date": datetime.date(2013, 5, 24),
        "es": {
            "title": "Ley N.º 36 de 24 de mayo de 2013",
            "issuing_body": "Asamblea Nacional de la República de Panamá",
            "summary": "Establece la normativa contra el tráfico ilícito de "
            "migrantes y crea la Unidad de Asuntos de Tráfico Ilícito de Migrantes "
            "en el Servicio Nacional de Migración.",
        },
        "en": {
            "title": "Law No. 36 of 24 May 2013",
            "issuing_body": "National Assembly of the Republic of Panama",
            "summary": "Sets the rules against migrant smuggling and creates the "
            "Unit for Migrant Smuggling Affairs within the National Migration "
            "Service.",
        },
        "pdf": (
            "Ley 36 de 2013 (resumen de demostración)",
            "ley-36-2013-resumen.pdf",
            [
                "Documento de demostración del portal: resumen no oficial de la Ley "
                "N.º 36 de 24 de mayo de 2013.",
                "La ley crea la Unidad de Asuntos de Tráfico Ilícito de Migrantes "
                "dentro del Servicio Nacional de Migración.",
                "La Unidad promueve la profesionalización, sensibilización y "
                "capacitación de su personal, de los servidores públicos, de las "
                "entidades del sector privado y de otras instituciones vinculadas "
                "al Plan Nacional contra el Tráfico Ilícito de Migrantes.",
                "Frase de verificación del índice: la brújula de coordinación "
                "interinstitucional orienta cada capacitación.",
            ],
        ),
    },
    {
        "slug": "untoc",
        "type": ResourceType.INTERNATIONAL_INSTRUMENT,
        "topic": "migrant-smuggling",
        "language": ContentLanguage.MULTILINGUAL,
        "date": datetime.date(2000, 11, 15),
        "es": {
            "title": "Convención de las Naciones Unidas contra la Delincuencia "
            "Organizada Transnacional",
            "issuing_body": "Asamblea General de las Naciones Unidas",
            "summary": "Principal instrumento internacional de lucha contra la "
            "delincuencia organizada transnacional, adoptado por la República de "
            "Panamá.",
        },
        "en": {
            "title": "United Nations Convention against Transnational Organized Crime",
            "issuing_body": "United Nations General Assembly",
            "summary": "The main international instrument in the fight against "
            "transnational organized crime, adopted by the Republic of Panama.",
        },
        "pdf": (
            "UNTOC (demo summary)",
            "untoc-summary.pdf",
            [
                "Portal demonstration document: an unofficial summary of the United "
                "Nations Convention against Transnational Organized Crime, adopted "
                "by General Assembly resolution 55/25 of 15 November 2000.",
                "The Convention promotes cooperation to prevent and combat "
                "transnational organized crime more effectively. It is "
                "supplemented by three protocols, one of which addresses the "
                "smuggling of migrants by land, sea and air.",
            ],
        ),
    },
    {
        "slug": "smuggling-protocol",
        "type": ResourceType.INTERNATIONAL_INSTRUMENT,
        "topic": "migrant-smuggling",
        "language": ContentLanguage.MULTILINGUAL,
        "date": datetime.date(2000, 11, 15),
        "es": {
            "title": "Protocolo contra el Tráfico Ilícito de Migrantes por Tierra, "
            "Mar y Aire",
            "issuing_body": "Asamblea General de las Naciones Unidas",
            "summary": "Complementa la Convención contra la Delincuencia Organizada "
            "Transnacional; adoptado por la República de Panamá.",
        },
        "en": {
            "title": "Protocol against the Smuggling of Migrants by Land, Sea and Air",
            "issuing_body": "United Nations General Assembly",
            "summary": "Supplements the Convention against Transnational Organized "
            "Crime; adopted by the Republic of Panama.",
        },
        "pdf": (
            "Smuggling of Migrants Protocol (demo summary)",
            "smuggling-protocol-summary.pdf",
            [
                "Portal demonstration document: an unofficial summary of the "
                "Protocol against the Smuggling of Migrants by Land, Sea and Air.",
                "The Protocol aims to prevent and combat the smuggling of migrants, "
                "to promote cooperation among States Parties, and to protect the "
                "rights of smuggled migrants.",
            ],
        ),
    },
    {
        "slug": "national-plan-against-migrant-smuggling",
        "type": ResourceType.NATIONAL_PLAN,
        "topic": "migrant-smuggling",
        "language": ContentLanguage.SPANISH,
        "date": None,
        "es": {
            "title": "Plan Nacional contra el Tráfico Ilícito de Migrantes",
            "issuing_body": "Servicio Nacional de Migración",
            "summary": "Marco nacional de acciones, entre ellas las de "
            "capacitación, para prevenir y combatir el tráfico ilícito de "
            "migrantes.",
        },
        "en": {
            "title": "National Plan against Migrant Smuggling",
            "issuing_body": "National Migration Service",
            "summary": "The national framework of actions, training among them, to "
            "prevent and combat migrant smuggling.",
        },
        "pdf": None,
    },
]


def _paragraphs(texts: list[str]) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def load(report: DemoReport) -> None:
    locale = locales()
    topics = {
        slug: Topic.objects.get_or_create(
            slug=slug, defaults={"name_es": name_es, "name_en": name_en}
        )[0]
        for slug, name_es, name_en in TOPICS
    }
    homes = _homes(locale, report)
    site = Site.objects.get(is_default_site=True)
    PortalSettings.objects.get_or_create(
        site=site,
        defaults={
            "organisation_name": "Portal de Coordinación",
            "contact_email": "contacto@example.org",
        },
    )

    originals = {}
    news_indexes, resource_indexes = {}, {}
    for code in ("es", "en"):
        home = homes[code]
        title, intro = NEWS_INDEX[code]
        news_indexes[code] = ensure_page(
            home,
            NewsIndexPage(title=title, slug="news", intro=intro, show_in_menus=True),
            report,
            translation_of=originals.get("news"),
        )
        originals.setdefault("news", news_indexes[code])
        title, intro = RESOURCE_INDEX[code]
        resource_indexes[code] = ensure_page(
            home,
            ResourceIndexPage(
                title=title, slug="resources", intro=intro, show_in_menus=True
            ),
            report,
            translation_of=originals.get("resources"),
        )
        originals.setdefault("resources", resource_indexes[code])
        about = ABOUT[code]
        page = ensure_page(
            home,
            StandardPage(
                title=about["title"],
                slug="about",
                intro=about["intro"],
                body=_paragraphs([about["body"]]),
                show_in_menus=True,
            ),
            report,
            translation_of=originals.get("about"),
        )
        originals.setdefault("about", page)

    seed_original = None
    for code in ("es", "en"):
        story = SEED_NEWS[code]
        news = NewsPage(
            title=story["title"],
            slug="workshop-migrant-smuggling-2022",
            date=datetime.date(2022, 5, 16),
            summary=story["summary"],
            body=_paragraphs(story["paragraphs"]),
            contact=story["contact"],
        )
        news.tags.add(*story["tags"])
        page = ensure_page(
            news_indexes[code], news, report, translation_of=seed_original
        )
        seed_original = seed_original or page

    featured = {"es": [], "en": []}
    for spec in RESOURCES:
        documents = []
        if spec["pdf"]:
            title, filename, paragraphs = spec["pdf"]
            documents.append(
                ensure_document(
                    title, filename, pdf_bytes(title, paragraphs), report=report
                )
            )
        original = None
        for code in ("es", "en"):
            text = spec[code]
            resource = ResourcePage(
                title=text["title"],
                slug=spec["slug"],
                resource_type=spec["type"],
                topic=topics[spec["topic"]],
                document_language=spec["language"],
                issuing_body=text["issuing_body"],
                publication_date=spec["date"],
                summary=text["summary"],
                documents=[ResourcePageDocument(document=doc) for doc in documents],
            )
            page = ensure_page(
                resource_indexes[code], resource, report, translation_of=original
            )
            original = original or page
            featured[code].append(page)
    for code, resources in featured.items():
        _feature(homes[code], resources, report)


def _homes(locale, report: DemoReport) -> dict[str, HomePage]:
    """The home page in each language, made the default site's root."""
    site = Site.objects.get(is_default_site=True)
    root = Page.get_first_root_node()
    homes = {}
    original = None
    for code in ("es", "en"):
        home = HomePage.objects.filter(locale=locale[code], depth=2).first()
        if home is None:
            home = HomePage(
                locale=locale[code],
                slug=f"portal-{code}",
                **HOME[code],
            )
            if original is not None:
                home.translation_key = original.translation_key
            root.add_child(instance=home)
            home.save_revision().publish()
            report.add(f"home page ({code})")
        homes[code] = home
        original = original or home
    if not isinstance(site.root_page.specific, HomePage):
        welcome = site.root_page
        site.root_page = homes["es"]
        site.save(update_fields=["root_page"])
        welcome.delete()
    return homes


def _feature(home: HomePage, resources: list[ResourcePage], report) -> None:
    """Feature the resources on a home page that features nothing yet."""
    if home.featured_resources.exists():
        return
    home.featured_resources = [
        HomePageFeaturedResource(resource=resource) for resource in resources[:3]
    ]
    home.save_revision().publish()
    report.add(f"featured resources ({home.locale})")


def link_agencies(report: DemoReport) -> None:
    """Name the demo agencies involved in each demo page; needs both demos loaded."""
    agencies = Agency.objects.in_bulk(
        {slug for slugs in PAGE_AGENCIES.values() for slug in slugs},
        field_name="slug",
    )
    for (model, slug), agency_slugs in PAGE_AGENCIES.items():
        for page in model.objects.filter(slug=slug):
            _link(page, [agencies[agency_slug] for agency_slug in agency_slugs], report)


def _link(page, agencies: list[Agency], report: DemoReport) -> None:
    """Name the agencies involved in a demo page that names none yet."""
    if page.agencies.exists():
        return
    page.agencies.set(agencies)
    revision = page.save_revision()
    if page.live:
        revision.publish()
    report.add(f"agencies of {page.title} ({page.locale})")
