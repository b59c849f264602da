"""The business error of the registrations app."""


class RegistrationError(Exception):
    """A registration request the rules refuse; the message is shown to the person.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
