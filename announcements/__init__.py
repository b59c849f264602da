"""Announcements to an audience, published live over Channels."""
