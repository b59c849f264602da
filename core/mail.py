"""E-mail the portal sends: rendered in the recipient's language from one set of
templates (subject, plain text, HTML on a shared layout), sent by the task worker.

Templates of one e-mail share a base name: `<base>_subject.txt`, `<base>.txt` and
`<base>.html`; the text part extends `core/email/layout.txt`, the HTML part
`core/email/layout.html`, which add the portal's name, why the person receives
the message and a link to their account. The portal's name is the PORTAL_NAME
setting (translated), never the host a request came from.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from email.headerregistry import Address
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from core import effects

# (file name, content, MIME type), as EmailMessage.attach takes them.
Attachment = tuple[str, bytes, str]


def portal_name() -> str:
    """The portal's name in the active language."""
    return str(getattr(settings, "PORTAL_NAME", settings.WAGTAIL_SITE_NAME))


def absolute_url(path: str | None) -> str:
    """`path` on the portal's public address (WAGTAILADMIN_BASE_URL); a full URL
    stays as it is; no path (a page outside every site has no URL) gives ""."""
    if not path:
        return ""
    if not path.startswith("/"):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def sender() -> str:
    """The From header: the portal's name (in the active language) and address.

    An address configured with its own display name keeps it."""
    address = settings.DEFAULT_FROM_EMAIL
    if "<" in address:
        return address
    return str(Address(display_name=portal_name(), addr_spec=address))


def layout_context(request: HttpRequest | None = None) -> dict[str, Any]:
    """What the shared layout needs, in the active language; its links on the
    request's host when there is one (as allauth's own links), else on the
    portal's public address."""
    full_url = request.build_absolute_uri if request is not None else absolute_url
    # The person's own account page (their data, its download and deletion),
    # named by the project's settings: core knows no app's URLs.
    url_name = getattr(settings, "PORTAL_ACCOUNT_URL_NAME", "")
    try:
        account_url = full_url(reverse(url_name)) if url_name else ""
    except NoReverseMatch:
        account_url = ""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "portal_name": portal_name(),
        "portal_url": full_url(f"/{language}/"),
        "account_url": account_url,
        "language": language,
    }


def render_email(
    template_base: str, context: dict[str, Any], language: str
) -> tuple[str, str, str]:
    """The subject, plain text and HTML of one e-mail, in `language`."""
    with translation.override(language):
        full_context = {**layout_context(), **context}
        subject = render_to_string(f"{template_base}_subject.txt", full_context)
        text = render_to_string(f"{template_base}.txt", full_context)
        html = render_to_string(f"{template_base}.html", full_context)
    return " ".join(subject.split()), tidy_text(text), html.strip()


def tidy_text(text: str) -> str:
    """No runs of blank lines or trailing spaces that template tags leave."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy) + "\n"


def build_email(
    *,
    template_base: str,
    context: dict[str, Any],
    language: str,
    to: Sequence[str],
    attachments: Iterable[Attachment] = (),
) -> EmailMultiAlternatives:
    """One rendered message: plain text with an HTML alternative and attachments."""
    subject, text, html = render_email(template_base, context, language)
    with translation.override(language):
        from_email = sender()
    message = EmailMultiAlternatives(subject, text, from_email, list(to))
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def send_email(
    *,
    template_base: str,
    context: dict[str, Any],
    language: str,
    to: Sequence[str],
    attachments: Iterable[Attachment] = (),
) -> None:
    """Render and send now; for code that already runs in the task worker (an
    effect). A failure raises, so the effect is retried."""
    build_email(
        template_base=template_base,
        context=context,
        language=language,
        to=to,
        attachments=attachments,
    ).send()


def enqueue_email(
    *,
    template_base: str,
    context: dict[str, Any],
    language: str,
    to: Sequence[str],
    attachments: Iterable[Attachment] = (),
) -> None:
    """Render here (the context may hold objects), send in the task worker.

    For code that runs after commit (an on-commit callback) outside the worker."""
    send_through_worker(
        build_email(
            template_base=template_base,
            context=context,
            language=language,
            to=to,
            attachments=attachments,
        )
    )


@effects.effect
def deliver_email(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    html: str = "",
    headers: dict | None = None,
    content_subtype: str = "plain",
    attachments: list[list[str]] | None = None,
) -> None:
    """Send one rendered message; a failure raises, so the effect is retried.

    `attachments` are [file name, base64 content, MIME type] (JSON carries no bytes).
    """
    message = EmailMultiAlternatives(
        subject, body, from_email, to, headers=headers or {}
    )
    message.content_subtype = content_subtype
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, base64.b64decode(content), mimetype)
    message.send()


def send_through_worker(message: EmailMessage) -> None:
    """Hand a rendered message to the task worker instead of sending it here."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = str(content)
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append(
            [filename, base64.b64encode(content).decode("ascii"), mimetype]
        )
    effects.enqueue(
        deliver_email,
        subject=str(message.subject),
        body=str(message.body),
        from_email=str(message.from_email),
        to=[str(address) for address in message.to],
        html=html,
        headers={str(k): str(v) for k, v in message.extra_headers.items()},
        content_subtype=message.content_subtype,
        attachments=attachments,
    )
