"""Where uploaded files live: images under MEDIA_ROOT (public URLs), documents (and
unfinished uploads) under PRIVATE_MEDIA_ROOT, which no URL serves.

Documents are only ever delivered by Wagtail's /documents/<id>/<name> view, which
applies collection privacy; a proxy or `make run` serving MEDIA_ROOT cannot reach
them. Each document is stored in a folder of its own with a random name, so even a
misconfigured server could not be walked by guessing original file names.
"""

import os
import posixpath
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_join
from django.utils.functional import cached_property

# wagtail_uploads/ holds files of a multiple upload not yet turned into a document.
PRIVATE_PREFIXES = ("documents/", "wagtail_uploads/")


def is_private_name(name: str) -> bool:
    return name.replace("\\", "/").startswith(PRIVATE_PREFIXES)


class MediaStorage(FileSystemStorage):
    """MEDIA_ROOT for public files; PRIVATE_MEDIA_ROOT for names under `documents/`."""

    def __init__(self, *args, private_location=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._private_location = private_location

    @cached_property
    def private_location(self) -> str:
        return os.path.abspath(
            self._value_or_setting(self._private_location, settings.PRIVATE_MEDIA_ROOT)
        )

    @cached_property
    def _private_storage(self) -> FileSystemStorage:
        return FileSystemStorage(
            location=self.private_location,
            file_permissions_mode=self.file_permissions_mode,
            directory_permissions_mode=self.directory_permissions_mode,
        )

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("private_location", None)
            self.__dict__.pop("_private_storage", None)

    def _save(self, name, content):
        # Saved there, the name comes back relative to the private root.
        if is_private_name(name):
            return self._private_storage._save(name, content)
        return super()._save(name, content)

    def path(self, name):
        if is_private_name(name):
            return safe_join(self.private_location, name)
        return super().path(name)

    def url(self, name):
        if name and is_private_name(name):
            # Wagtail treats this as "no direct URL" and streams through its view.
            raise NotImplementedError("Documents are served only by /documents/.")
        return super().url(name)

    def generate_filename(self, filename):
        name = super().generate_filename(filename)
        if not is_private_name(name):
            return name
        folder, basename = posixpath.split(name)
        return posixpath.join(folder, secrets.token_urlsafe(12), basename)
