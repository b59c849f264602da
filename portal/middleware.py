"""Response headers the framework does not set itself: Content-Security-Policy and
Permissions-Policy."""

from django.conf import settings


def _serialise(policy: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{directive} {' '.join(values)}" for directive, values in policy.items()
    )


class ContentSecurityPolicyMiddleware:
    """Strict policy on the public site; the Wagtail admin gets its relaxed variant.

    No page may be framed (frame-ancestors 'none'), except the responses a view
    itself marks as X-Frame-Options: SAMEORIGIN: Wagtail's preview, which the
    editor shows in a frame of the admin, gets frame-ancestors 'self' to match.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policies = {}
        for name, policy in (
            ("public", settings.CONTENT_SECURITY_POLICY),
            ("admin", settings.CONTENT_SECURITY_POLICY_ADMIN),
        ):
            self.policies[name, False] = _serialise(policy)
            self.policies[name, True] = _serialise(
                {**policy, "frame-ancestors": ["'self'"]}
            )

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith(("/admin/", "/django-admin/"))
        same_origin_frame = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
        response.headers.setdefault(
            "Content-Security-Policy",
            self.policies["admin" if is_admin else "public", same_origin_frame],
        )
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
