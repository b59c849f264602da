"""Links that work without an account (an endorsement, a nomination): the row's
random token signed with the portal's secret key, so that the rows alone cannot
forge a link. Expiry and single use are the rows' own (expires_at, status)."""

from __future__ import annotations

from django.core import signing


def link_token(row) -> str:
    """The token of `row`'s link (an Endorsement or a Nomination)."""
    return signing.dumps([row.pk, row.token], salt=_salt(type(row)), compress=False)


def row_for_token(model, token: str):
    """The row a link's token names, or None for a forged or mangled one."""
    try:
        pk, nonce = signing.loads(token, salt=_salt(model))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(pk, int) or not isinstance(nonce, str):
        return None
    return model.objects.filter(pk=pk, token=nonce).first()


def _salt(model) -> str:
    return f"registrations.link.{model._meta.model_name}"
