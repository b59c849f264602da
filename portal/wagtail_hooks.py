"""Admin hooks of the project shell."""

from wagtail import hooks

from portal.page_creation import remember_created_page

hooks.register("after_create_page", remember_created_page)
