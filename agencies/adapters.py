"""allauth's account adapter: sign-up costs the same whether or not the address has
an account, its e-mails leave through the task worker, and its rate limits count per
client address, also behind the trusted reverse proxies (core.client_address).
Signing out leads to the home page in the language the person was using."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import get_random_string

from core.client_address import client_address
from core.mail import layout_context, send_through_worker, sender, tidy_text

# Sent to an address that has no account: their footer links to none.
NO_ACCOUNT_EMAILS = {"account/email/unknown_account"}


def home_url() -> str:
    """The home page in the active language (the request's /es/ or /en/ prefix),
    not "/": that one would pick the browser's language instead."""
    return reverse("wagtail_serve", args=[""])


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render in the request (it knows the links and the person's language),
        send later: the time the mail server takes never shows in the response.

        The portal's templates (agencies/templates/account/email/) take the
        portal's name and footer from core.mail, never the request's host."""
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **layout_context(request),
            **context,
        }
        if template_prefix in NO_ACCOUNT_EMAILS:
            full_context["account_url"] = ""  # the footer links to no account
        send_through_worker(self.render_mail(template_prefix, email, full_context))

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers)
        message.body = tidy_text(message.body)
        return message

    def get_from_email(self) -> str:
        return sender()

    def send_account_already_exists_mail(self, email: str) -> None:
        """A sign-up with a taken address hashes a password too, as creating the
        account would: the two answers take the same time."""
        make_password(get_random_string(32))
        super().send_account_already_exists_mail(email)

    def get_client_ip(self, request: HttpRequest) -> str:
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        """A safe ?next= still wins (allauth checks it first); else the home page
        in the language the person signed out from."""
        return home_url()
