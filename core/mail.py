"""E-mail delivered by the task worker: the request renders it, the worker sends it."""

from __future__ import annotations

from django.core.mail import EmailMessage, EmailMultiAlternatives

from core import effects


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
) -> None:
    """Send one rendered message; a failure raises, so the effect is retried."""
    message = EmailMultiAlternatives(
        subject, body, from_email, to, headers=headers or {}
    )
    message.content_subtype = content_subtype
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def send_through_worker(message: EmailMessage) -> None:
    """Hand a rendered message to the task worker instead of sending it here."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = str(content)
    effects.enqueue(
        deliver_email,
        subject=str(message.subject),
        body=str(message.body),
        from_email=str(message.from_email),
        to=[str(address) for address in message.to],
        html=html,
        headers={str(k): str(v) for k, v in message.extra_headers.items()},
        content_subtype=message.content_subtype,
    )
