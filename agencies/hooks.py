"""Hooks of the agencies app, filled by apps above it from their AppConfig.ready()."""

from core.hooks import Hook

# What an agency's public profile lists from other apps: key (the template's
# variable: "news", "resources", "trainings") -> reader(*, agency, locale).
agency_profile_listings = Hook("agency profile listings")

# Links on the coordinators' members page to pages of apps above (the API's
# tokens): key -> reader(*, agency) returning (label, url).
coordinator_pages = Hook("agency coordinator pages")
