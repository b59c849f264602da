"""The API's business error: a translatable message and the HTTP status it means."""


class ApiError(Exception):
    """A request the API refuses; `message` is shown to the caller."""

    def __init__(self, message, *, status: int = 400, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
