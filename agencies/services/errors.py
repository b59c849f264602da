"""The refusal every agency service raises."""

from __future__ import annotations


class AgencyError(Exception):
    """A request the agency rules refuse; the message is shown to the person."""

    def __init__(self, message, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code
