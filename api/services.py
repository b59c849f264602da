"""Writes of the API: agency tokens (created, revoked, used), their call log, and
the drafts a read-write token submits for the agency's editors to review."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from agencies import permissions
from agencies.models import Agency
from api.errors import ApiError
from api.models import ApiCall, ApiToken
from events.models import EventIndexPage, EventPage, EventSession
from events.models.choices import SESSION_MAX_DURATION
from home.models import NewsIndexPage, NewsPage

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# Tokens start with this, so a leaked one is recognisable (secret scanners).
SECRET_PREFIX = "ptk_"  # noqa: S105 (a marker, not a secret)
MAX_VALIDITY = datetime.timedelta(days=366)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(
    *,
    agency: Agency,
    name: str,
    scope: str,
    expires_at: datetime.datetime,
    by: AbstractBaseUser,
) -> tuple[ApiToken, str]:
    """A new token for the agency; returns it and its secret, shown only now
    (only the hash is stored)."""
    if not permissions.user_can_manage_members(by, agency):
        raise ApiError(
            _("Only the coordinators of %(agency)s manage its API tokens.")
            % {"agency": agency},
            status=403,
            code="forbidden",
        )
    name = name.strip()
    if not name:
        raise ApiError(_("Give the token a name."), code="name")
    if scope not in ApiToken.Scope.values:
        raise ApiError(_("Choose a valid scope."), code="scope")
    now = timezone.now()
    if expires_at <= now:
        raise ApiError(_("The expiry date must be in the future."), code="expiry")
    if expires_at > now + MAX_VALIDITY:
        raise ApiError(_("A token is valid for one year at most."), code="expiry")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        agency=agency,
        name=name,
        prefix=secret[: len(SECRET_PREFIX) + 6],
        secret_hash=secret_hash(secret),
        scope=scope,
        expires_at=expires_at,
        created_by=by,
    )
    log(
        instance=agency,
        action="api.token.create",
        user=by,
        data={"token": token.name, "scope": scope},
    )
    return token, secret


def token_revoke(*, token: ApiToken, by: AbstractBaseUser) -> ApiToken:
    """Refuse every later call made with the token (kept for its log)."""
    if not permissions.user_can_manage_members(by, token.agency_id):
        raise ApiError(
            _("Only the coordinators of %(agency)s manage its API tokens.")
            % {"agency": token.agency},
            status=403,
            code="forbidden",
        )
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
        log(
            instance=token.agency,
            action="api.token.revoke",
            user=by,
            data={"token": token.name},
        )
    return token


def token_check(token: ApiToken) -> ApiToken:
    """Refuse a revoked or expired token (401) or one over its rate limit (429);
    count the call otherwise."""
    if token.revoked_at is not None or not token.agency.is_active:
        raise ApiError(_("This API token was revoked."), status=401, code="revoked")
    if token.expires_at <= timezone.now():
        raise ApiError(_("This API token has expired."), status=401, code="expired")
    _count_call(token)
    return token


def _count_call(token: ApiToken) -> None:
    """A fixed window per token in the shared cache: every process counts alike."""
    limit, window = settings.API_TOKEN_RATE_LIMIT
    slot = int(timezone.now().timestamp()) // window
    # By the secret's hash, unique to the token even across databases sharing
    # one cache (test workers, a staging copy).
    key = f"api:rate:{token.secret_hash[:24]}:{slot}"
    cache.add(key, 0, timeout=window + 1)
    try:
        calls = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        calls = 1
    if calls > limit:
        raise ApiError(
            _("Too many calls with this token: wait a minute and try again."),
            status=429,
            code="rate_limited",
        )


def call_record(*, token: ApiToken, method: str, path: str, status: int) -> ApiCall:
    """Log one call made with the token, under its name."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return ApiCall.objects.create(
        token=token,
        token_name=token.name,
        agency_id=token.agency_id,
        method=method[:10],
        path=path[:500],
        status=status,
        created_at=now,
    )


def _acting_agency(token: ApiToken, agency_slug: str | None) -> Agency:
    """A token writes only for its own agency, and only with the write scope."""
    if not token.can_write:
        raise ApiError(
            _("This token may only read: ask a coordinator for a read-write token."),
            status=403,
            code="read_only",
        )
    if agency_slug and agency_slug != token.agency.slug:
        raise ApiError(
            _("A token acts only for its own agency (%(agency)s).")
            % {"agency": token.agency.slug},
            status=403,
            code="other_agency",
        )
    return token.agency


def _source_index(model):
    index = (
        model.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("path")
        .first()
    )
    if index is None:
        raise ApiError(
            _("The portal has no page to add this under yet."),
            status=409,
            code="no_index",
        )
    return index


def _free_slug(parent, title: str) -> str:
    base = slugify(title)[:70] or "draft"
    candidate, number = base, 2
    siblings = parent.get_children()
    while siblings.filter(slug=candidate).exists():
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def _add_draft(parent, page, *, token: ApiToken):
    """Add `page` unpublished under `parent` with one revision for editors to
    review (Should be called inside transaction.atomic())."""
    page.slug = _free_slug(parent, page.title)
    page.live = False
    page.has_unpublished_changes = True
    try:
        parent.add_child(instance=page)
    except ValidationError as error:
        raise ApiError(" ".join(error.messages), code="invalid_page") from error
    page.save_revision(log_action=False)
    log(
        instance=page,
        action="wagtail.create",
        data={"api_token": token.name},
    )
    return page


def training_draft_create(
    *,
    token: ApiToken,
    title: str,
    summary: str,
    sessions: list[tuple[datetime.datetime, datetime.datetime, str]],
    agency_slug: str | None = None,
    **fields,
) -> EventPage:
    """An unpublished training led by the token's agency, in the portal's source
    language, for its editors to review and publish."""
    agency = _acting_agency(token, agency_slug)
    for start, end, _title in sessions:
        if end <= start:
            raise ApiError(_("A session must end after it starts."), code="session")
        if end - start > SESSION_MAX_DURATION:
            raise ApiError(
                _("A session lasts at most seven days."), code="session_length"
            )
    parent = _source_index(EventIndexPage)
    page = EventPage(
        title=title,
        summary=summary,
        lead_agency=agency,
        locale=parent.locale,
        **fields,
    )
    page.sessions = [
        EventSession(start=start, end=end, title=session_title)
        for start, end, session_title in sessions
    ]
    with transaction.atomic():
        return _add_draft(parent, page, token=token)


def news_draft_create(
    *,
    token: ApiToken,
    title: str,
    summary: str,
    date: datetime.date | None = None,
    agency_slug: str | None = None,
) -> NewsPage:
    """An unpublished news article of the token's agency, for its editors."""
    agency = _acting_agency(token, agency_slug)
    parent = _source_index(NewsIndexPage)
    page = NewsPage(
        title=title,
        summary=summary,
        date=date or timezone.localdate(),
        locale=parent.locale,
    )
    page.agencies = [agency]
    with transaction.atomic():
        return _add_draft(parent, page, token=token)
