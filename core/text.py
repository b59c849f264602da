"""Text made safe for XML-based formats (feeds, spreadsheets): the control
characters XML 1.0 forbids are dropped, whatever people typed."""

import re

NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(value):
    """`value` without the characters XML 1.0 forbids; anything else unchanged."""
    if isinstance(value, str):
        return NOT_IN_XML.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_text(item) for item in value)
    return value
