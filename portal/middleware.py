"""Response headers the framework does not set itself: Content-Security-Policy and
Permissions-Policy."""

from django.conf import settings


def _serialise(policy: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{directive} {' '.join(values)}" for directive, values in policy.items()
    )


class ContentSecurityPolicyMiddleware:
    """Strict policy on the public site; the Wagtail admin gets its relaxed variant."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = _serialise(settings.CONTENT_SECURITY_POLICY)
        self.admin_policy = _serialise(settings.CONTENT_SECURITY_POLICY_ADMIN)

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith(("/admin/", "/django-admin/"))
        response.headers.setdefault(
            "Content-Security-Policy",
            self.admin_policy if is_admin else self.public_policy,
        )
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
