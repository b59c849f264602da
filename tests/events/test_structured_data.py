"""The training page's JSON-LD: an Event and a Course (with its CourseInstance)
carrying the properties Google's Event and Course rich results require, an offer
whose availability follows the seats left, and only schema.org's own terms."""

import json
import re

from django.test import TestCase

from tests.api.world import build_world

# The schema.org properties (of the type or its parents) the data may use.
VOCABULARY = {
    "Event": {
        "name",
        "description",
        "url",
        "inLanguage",
        "eventStatus",
        "eventAttendanceMode",
        "startDate",
        "endDate",
        "location",
        "organizer",
        "offers",
    },
    "Course": {
        "name",
        "description",
        "url",
        "inLanguage",
        "hasCourseInstance",
        "provider",
        "offers",
    },
    "CourseInstance": {
        "courseMode",
        "inLanguage",
        "startDate",
        "endDate",
        "courseSchedule",
        "courseWorkload",
        "location",
        "instructor",
    },
    "Schedule": {"repeatCount", "repeatFrequency", "startDate", "endDate"},
    "Offer": {
        "url",
        "price",
        "priceCurrency",
        "availability",
        "validFrom",
        "category",
    },
    "Organization": {"name", "url"},
    "Place": {"name", "address"},
    "PostalAddress": {"streetAddress", "addressLocality", "addressCountry"},
    "VirtualLocation": {"url"},
}


def walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


class TrainingJsonLdTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def json_ld(self):
        html = self.client.get(self.world.training_a.url).content.decode()
        (block,) = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
        return json.loads(block)

    def test_event_and_course_with_the_required_properties(self):
        event, course = self.json_ld()
        assert event["@type"] == "Event"
        # Google's Event rich result: name, startDate, location.
        assert event["name"] and event["startDate"] and event["location"]
        assert event["eventStatus"] == "https://schema.org/EventScheduled"
        assert event["organizer"][0]["name"] == "Agencia A"
        # Google's Course info: name, description, provider; each instance has
        # courseMode and a courseSchedule or courseWorkload.
        assert course["@type"] == "Course"
        assert course["name"] == "Taller de A" and course["description"]
        assert course["provider"]["name"] == "Agencia A"
        (instance,) = course["hasCourseInstance"]
        assert instance["@type"] == "CourseInstance"
        assert instance["courseMode"] == "onsite"
        assert instance["courseSchedule"]["repeatCount"] == 1
        assert instance["courseWorkload"] == "PT7H"

    def test_offer_availability_follows_the_seats(self):
        event, course = self.json_ld()
        assert event["offers"]["availability"] == "https://schema.org/InStock"
        assert event["offers"]["price"] == 0
        assert course["offers"][0]["category"] == "Free"

    def test_only_schema_org_terms(self):
        for node in walk(self.json_ld()):
            kind = node.get("@type")
            assert kind in VOCABULARY, kind
            unknown = set(node) - {"@type", "@context"} - VOCABULARY[kind]
            assert not unknown, (kind, unknown)
