"""The shared training calendar: events, sessions, registrations and ICS feeds."""
