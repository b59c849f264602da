"""The demo privacy notice, terms of use and accessibility statement (es and en)."""

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
