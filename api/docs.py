"""The browsable docs page: Swagger UI served from this host's static files
(`ninja` in INSTALLED_APPS; no CDN), under a policy that lets it style itself."""

from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    # No validator badge: Swagger UI would fetch it from validator.swagger.io.
    default_settings = {**Swagger.default_settings, "validatorUrl": None}

    # Swagger UI sets inline styles; scripts stay 'self' only.
    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    )

    def render_page(self, request, api, **kwargs):
        response = super().render_page(request, api, **kwargs)
        response["Content-Security-Policy"] = self.POLICY
        return response
