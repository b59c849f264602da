"""Demo content of the public site, built from shared/seed/workshop-news.txt."""

import datetime

from wagtail.models import Page, Site

from agencies.models import Agency
from core.demo import (
    DemoReport,
    ensure_document,
    ensure_image,
    ensure_page,
    locales,
    pdf_bytes,
    scene_png,
)
from home.models import (
    ContentLanguage,
    HomePage,
    HomePageFeaturedResource,
    NewsIndexPage,
    NewsPage,
    NewsPageRelatedResource,
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

# The pages a public site owes its readers. Editors can change their text later;
# the slugs are what the footer, the sign-up form and the application form look for
# (home.selectors.LEGAL_PAGE_SLUGS).
LEGAL_PAGES = {
    "privacy": {
        "es": {
            "title": "Aviso de privacidad",
            "intro": "Qué datos personales guarda el portal, quién los recibe, por "
            "cuánto tiempo y cómo puede usted descargarlos o borrarlos.",
            "sections": [
                (
                    "Qué datos guardamos",
                    [
                        "Su cuenta: correo electrónico, nombre si lo indica, fecha "
                        "de alta y último acceso. Su perfil de participante, si lo "
                        "completa: nombre completo, institución, cargo, teléfono e "
                        "idioma preferido.",
                        "Cada solicitud de inscripción: la capacitación, la fecha, "
                        "el estado (pendiente, confirmada, en lista de espera, "
                        "rechazada o cancelada), el nombre, la institución y el "
                        "cargo que usted indica, sus respuestas a las preguntas de "
                        "la capacitación y, si asiste, la asistencia, su evaluación "
                        "y su certificado.",
                    ],
                ),
                (
                    "Quién recibe sus datos cuando usted se inscribe",
                    [
                        "Solo las instituciones que organizan esa capacitación (la "
                        "institución líder y las coorganizadoras que aceptaron) ven "
                        "su solicitud: nombre, institución, cargo, correo y "
                        "respuestas, para seleccionar a los participantes, "
                        "comunicarse con usted y emitir certificados. Otras "
                        "instituciones del portal no ven su solicitud. El portal no "
                        "vende ni cede sus datos a terceros.",
                    ],
                ),
                (
                    "Por cuánto tiempo",
                    [
                        "Sus datos se conservan mientras su cuenta exista. Si borra "
                        "su cuenta, se eliminan su perfil, sus direcciones de correo "
                        "y sus respuestas; sus inscripciones a capacitaciones "
                        "futuras se cancelan (el cupo pasa a la lista de espera) y "
                        "de las capacitaciones pasadas solo queda el estado, sin "
                        "nombre, correo, institución ni comentarios, para que las "
                        "cifras de asistencia sigan siendo correctas.",
                    ],
                ),
                (
                    "Cómo descargar o borrar sus datos",
                    [
                        "Con su sesión iniciada, en «Mi perfil» puede descargar en "
                        "un archivo todo lo que el portal guarda sobre usted "
                        "(cuenta, perfil, membresías e inscripciones) y puede borrar "
                        "su cuenta. Para cualquier otra consulta, escriba a la "
                        "dirección de contacto que aparece al pie de cada página.",
                    ],
                ),
            ],
        },
        "en": {
            "title": "Privacy notice",
            "intro": "What personal data the portal keeps, who receives it, for how "
            "long, and how you can download or delete it.",
            "sections": [
                (
                    "What we keep",
                    [
                        "Your account: e-mail address, your name if you give it, "
                        "when you joined and last signed in. Your participant "
                        "profile, if you fill it in: full name, organization, "
                        "position, phone and preferred language.",
                        "Each application: the training, the date, its status "
                        "(pending, confirmed, waiting list, declined or cancelled), "
                        "the name, organization and position you give, your answers "
                        "to the training's questions and, if you take part, your "
                        "attendance, your evaluation and your certificate.",
                    ],
                ),
                (
                    "Who receives your data when you apply",
                    [
                        "Only the agencies organizing that training (the lead "
                        "agency and the co-organizers that accepted) see your "
                        "application: name, organization, position, e-mail and "
                        "answers, to select participants, contact you and issue "
                        "certificates. Other agencies on the portal do not see it. "
                        "The portal neither sells nor hands your data to third "
                        "parties.",
                    ],
                ),
                (
                    "For how long",
                    [
                        "Your data is kept while your account exists. If you delete "
                        "your account, your profile, e-mail addresses and answers "
                        "are deleted; your applications to trainings still to come "
                        "are cancelled (the seat goes to the waiting list), and of "
                        "past trainings only the status stays, with no name, "
                        "e-mail, organization or comments, so that attendance "
                        "figures stay right.",
                    ],
                ),
                (
                    "How to download or delete your data",
                    [
                        "Signed in, on “My profile” you can download a file with "
                        "everything the portal holds on you (account, profile, "
                        "memberships and applications) and you can delete your "
                        "account. For anything else, write to the contact address "
                        "at the foot of every page.",
                    ],
                ),
            ],
        },
    },
    "terms": {
        "es": {
            "title": "Condiciones de uso",
            "intro": "Las reglas para usar el portal de coordinación.",
            "sections": [
                (
                    "El servicio",
                    [
                        "El portal es un espacio compartido donde instituciones "
                        "públicas, organismos internacionales y organizaciones de "
                        "la sociedad civil publican capacitaciones, noticias y "
                        "recursos. Consultarlo es libre; para inscribirse a una "
                        "capacitación se necesita una cuenta con el correo "
                        "verificado.",
                    ],
                ),
                (
                    "Su cuenta y sus solicitudes",
                    [
                        "Usted es responsable de que los datos de su solicitud sean "
                        "verdaderos y de mantener su contraseña en reserva. Cada "
                        "institución organizadora decide la selección de "
                        "participantes según los criterios que publica; una "
                        "solicitud no garantiza un cupo.",
                    ],
                ),
                (
                    "Contenidos",
                    [
                        "Cada institución responde por lo que publica. Los textos "
                        "de leyes y documentos oficiales se ofrecen como referencia; "
                        "la versión válida es la publicada por la autoridad que los "
                        "emite.",
                    ],
                ),
                (
                    "Cambios",
                    [
                        "Estas condiciones pueden cambiar; la fecha de la última "
                        "versión figura en esta página. Las consultas se atienden "
                        "en la dirección de contacto del pie de página.",
                    ],
                ),
            ],
        },
        "en": {
            "title": "Terms of use",
            "intro": "The rules for using the coordination portal.",
            "sections": [
                (
                    "The service",
                    [
                        "The portal is a shared space where public institutions, "
                        "international organizations and civil-society "
                        "organizations publish trainings, news and resources. "
                        "Reading it is free; applying for a training needs an "
                        "account with a verified e-mail address.",
                    ],
                ),
                (
                    "Your account and applications",
                    [
                        "You are responsible for the truth of what you write in an "
                        "application and for keeping your password secret. Each "
                        "organizing agency selects participants by the criteria it "
                        "publishes; applying does not guarantee a seat.",
                    ],
                ),
                (
                    "Content",
                    [
                        "Each agency answers for what it publishes. Laws and "
                        "official documents are offered for reference; the valid "
                        "version is the one the issuing authority publishes.",
                    ],
                ),
                (
                    "Changes",
                    [
                        "These terms may change; this page shows the latest "
                        "version. Questions go to the contact address at the foot "
                        "of every page.",
                    ],
                ),
            ],
        },
    },
    "accessibility": {
        "es": {
            "title": "Declaración de accesibilidad",
            "intro": "El portal quiere que todas las personas puedan usarlo, "
            "también con lector de pantalla, solo con teclado o desde un teléfono.",
            "sections": [
                (
                    "Objetivo",
                    [
                        "El portal busca cumplir las Pautas de Accesibilidad para el "
                        "Contenido Web (WCAG) 2.2, nivel AA. Cada cambio se prueba "
                        "automáticamente con axe en pantallas de 320, 390, 768 y "
                        "1280 píxeles de ancho, y se revisa el uso con teclado.",
                    ],
                ),
                (
                    "Limitaciones conocidas",
                    [
                        "Algunos documentos PDF publicados por las instituciones no "
                        "son accesibles (por ejemplo, escaneos sin texto). Los "
                        "avisos en vivo necesitan JavaScript; el resto del portal "
                        "funciona sin él. Las tablas largas del área de "
                        "organizadores se desplazan dentro de su propia región en "
                        "pantallas pequeñas.",
                    ],
                ),
                (
                    "Contacto",
                    [
                        "Si encuentra una barrera o necesita un contenido en otro "
                        "formato, escriba a la dirección de contacto del pie de "
                        "página; responderemos en un plazo de diez días hábiles.",
                    ],
                ),
            ],
        },
        "en": {
            "title": "Accessibility statement",
            "intro": "The portal means to be usable by everyone, with a screen "
            "reader, with a keyboard only or on a phone.",
            "sections": [
                (
                    "Target",
                    [
                        "The portal aims to meet the Web Content Accessibility "
                        "Guidelines (WCAG) 2.2 at level AA. Every change is checked "
                        "automatically with axe on screens 320, 390, 768 and 1280 "
                        "pixels wide, and keyboard use is reviewed.",
                    ],
                ),
                (
                    "Known limits",
                    [
                        "Some PDF documents published by agencies are not "
                        "accessible (scans without text, for example). Live notices "
                        "need JavaScript; the rest of the portal works without it. "
                        "Long tables in the organizers' area scroll inside their own "
                        "region on small screens.",
                    ],
                ),
                (
                    "Contact",
                    [
                        "If you meet a barrier or need content in another format, "
                        "write to the contact address at the foot of every page; we "
                        "answer within ten working days.",
                    ],
                ),
            ],
        },
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


def _sections(sections: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    blocks = []
    for heading, texts in sections:
        blocks.append(("heading", heading))
        blocks += _paragraphs(texts)
    return blocks


# The seed story's illustration, with its text for screen readers in each language.
SEED_NEWS_IMAGE = {
    "es": ("Taller de mayo de 2022 (ilustración)",),
    "en": ("May 2022 workshop (illustration)",),
}


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
        for slug, text in LEGAL_PAGES.items():
            legal = text[code]
            page = ensure_page(
                home,
                StandardPage(
                    title=legal["title"],
                    slug=slug,
                    intro=legal["intro"],
                    body=_sections(legal["sections"]),
                ),
                report,
                translation_of=originals.get(slug),
            )
            originals.setdefault(slug, page)

    seed_original, seed_news = None, {}
    for code in ("es", "en"):
        story = SEED_NEWS[code]
        news = NewsPage(
            title=story["title"],
            slug="workshop-migrant-smuggling-2022",
            date=datetime.date(2022, 5, 16),
            summary=story["summary"],
            body=_paragraphs(story["paragraphs"]),
            contact=story["contact"],
            image=ensure_image(
                *SEED_NEWS_IMAGE[code],
                "taller-2022.png",
                scene_png(("#cfe6f3", "#5b9a6e", "#f4d35e")),
                report,
            ),
        )
        news.tags.add(*story["tags"])
        page = ensure_page(
            news_indexes[code], news, report, translation_of=seed_original
        )
        seed_original = seed_original or page
        seed_news[code] = page

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
        # The workshop's story cites the smuggling law and the Protocol.
        _cite(seed_news[code], resources[:3:2], report)


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


def _cite(news: NewsPage, resources: list[ResourcePage], report) -> None:
    """Link the resources a news article cites, unless an editor linked any."""
    if news.related_resources.exists():
        return
    news.related_resources = [
        NewsPageRelatedResource(resource=resource) for resource in resources
    ]
    news.save_revision().publish()
    report.add(f"resources cited by the news ({news.locale})")


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
