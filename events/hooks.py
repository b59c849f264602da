"""Hooks of the events app that the apps above it answer (registrations).

Events never imports those apps: a training page asks these signals and uses
whatever the receivers return. Receivers are connected in their app's
AppConfig.ready() with a dispatch_uid.
"""

from django.dispatch import Signal

# Whether `user` may read the online link of `event` besides its organizers'
# editors. Receivers return True to grant; any True grants.
online_link_access = Signal()

# Extra per-training columns of the admin's coordination calendar. Receivers
# return a mapping of annotation name → query expression, added to the one
# query that lists the trainings.
coordination_annotations = Signal()

# What each training of a listing says about registering ("3 seats left",
# "Registration closed"). Receivers take `events` (a list of EventPage) and
# return a mapping of page id → an object with `kind`, `label` and `detail`,
# read in one query for the whole list.
registration_states = Signal()

# Facilitators of a training who accepted (the registrations app: former
# participants of the series). Receivers take `event` and return a list of
# objects with `name` and `uid` (a stable URN for the calendar's ATTENDEE).
edition_facilitators = Signal()

# The tree of a training's series and its reach by generation. Receivers take
# `event` and return an object with `roots` (nested nodes) and `generations`,
# or None when the series has a single edition.
series_tree = Signal()
