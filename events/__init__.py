"""The shared training calendar: trainings, sessions, editions and ICS feeds (the
registrations to a training live in the registrations app)."""
