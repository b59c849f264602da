"""Hooks of the home app, filled by the apps above it from their AppConfig.ready()."""

from core.hooks import Hook

# What the home page lists from other apps: key (the template's variable, e.g.
# "upcoming_trainings") -> reader(*, home).
home_page_listings = Hook("home page listings")
