"""Fixtures of the events tests: `calendars` lives in tests/conftest.py."""
