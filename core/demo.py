"""Building blocks for the demo loader: create-if-missing pages, translations, files.

Every helper looks for what it would create first and leaves existing objects untouched,
so running `load_demo` again changes nothing (and never overwrites an editor's work).
"""

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from fpdf import FPDF
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page

LOGINS_FILE = settings.VAR_DIR / "demo-logins.txt"


@dataclass
class DemoReport:
    """What a run of the loader created, for the command's summary."""

    created: list[str] = field(default_factory=list)

    def add(self, what: str) -> None:
        self.created.append(what)


def locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


def ensure_page(
    parent: Page, page: Page, report: DemoReport, *, translation_of: Page | None = None
) -> Page:
    """Publish `page` under `parent` unless a page with its slug already lives there.

    `translation_of` links the new page to its original in the other language.
    """
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing:
        return existing.specific
    page.locale = parent.locale
    if translation_of is not None:
        page.translation_key = translation_of.translation_key
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.add(f"{type(page)._meta.verbose_name}: {page.title} ({page.locale})")
    return page


def ensure_document(
    title: str, filename: str, content: bytes, report: DemoReport, **fields
):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document:
        return document
    document = Document(
        title=title, collection=fields.pop("collection", None) or root_collection()
    )
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    report.add(f"document: {title}")
    return document


def ensure_image(
    title: str, filename: str, content: bytes, report: DemoReport, **fields
):
    """A Wagtail image with this title, created from `content` if missing."""
    from wagtail.images import get_image_model

    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image:
        return image
    width, height = _size_of(content)
    image = Image(
        title=title,
        description=fields.pop("description", ""),
        collection=fields.pop("collection", None) or root_collection(),
    )
    image.file.save(filename, ContentFile(content), save=False)
    image.width, image.height = width, height
    image._set_image_file_metadata()
    image.save()
    report.add(f"image: {title}")
    return image


def logo_png(mark: str, colour: str, *, size: tuple[int, int] = (320, 128)) -> bytes:
    """A plain demo logo: a coloured emblem with the initials, on white (Pillow,
    drawn at load time so no image file lives in the repository)."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = size
    picture = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle(
        (4, 4, height - 4, height - 4), radius=height // 5, fill=colour
    )
    draw.ellipse((height * 0.3, height * 0.3, height * 0.7, height * 0.7), fill="white")
    font = ImageFont.load_default(size=int(height * 0.42))
    draw.text((height + 12, height / 2), mark, fill=colour, font=font, anchor="lm")
    return _png(picture)


def scene_png(colours: tuple[str, str, str], *, size=(1200, 675)) -> bytes:
    """A plain demo illustration: a sky, two hills and a sun (flat colours keep
    the file and its renditions small)."""
    from PIL import Image, ImageDraw

    width, height = size
    sky, hill, sun = colours
    picture = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((width * 0.68, height * 0.12, width * 0.84, height * 0.4), fill=sun)
    draw.ellipse((-width * 0.2, height * 0.55, width * 0.7, height * 1.6), fill=hill)
    draw.ellipse(
        (width * 0.35, height * 0.62, width * 1.3, height * 1.7), fill="#2f6f4f"
    )
    return _png(picture)


def _size_of(content: bytes) -> tuple[int, int]:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(content)) as picture:
        return picture.size


def _png(picture) -> bytes:
    import io

    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def root_collection() -> Collection:
    return Collection.get_first_root_node()


def pdf_bytes(title: str, paragraphs: list[str]) -> bytes:
    """A small text PDF (latin-1 core font, enough for Spanish and English)."""
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author("Coordination Portal demo")
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=15)
    pdf.multi_cell(0, 8, title)
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(3)
    return bytes(pdf.output())


def record_login(role: str, login: str, password: str) -> None:
    LOGINS_FILE.parent.mkdir(parents=True, exist_ok=True)
    with Path(LOGINS_FILE).open("a", encoding="utf-8") as logins:
        logins.write(f"{role:<28} {login:<36} {password}\n")


def ensure_superuser(report: DemoReport) -> None:
    """Create the demo administrator unless any superuser exists."""
    User = get_user_model()
    if User.objects.filter(is_superuser=True).exists():
        return
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser(
        username="admin", email="admin@example.org", password=password
    )
    record_login("administrator", "admin / admin@example.org", password)
    report.add("superuser: admin")


def printed_logins() -> str:
    if LOGINS_FILE.exists():
        return LOGINS_FILE.read_text(encoding="utf-8")
    return ""
