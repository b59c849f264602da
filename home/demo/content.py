"""The demo pages in both languages: home, about, news and resources (seed story)."""

import datetime

from home.models import (
    ContentLanguage,
    NewsPage,
    ResourcePage,
    ResourceType,
)

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
