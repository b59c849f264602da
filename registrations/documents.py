"""Files made from registrations: the certificate of attendance (PDF) and the
organizers' exports of the applicant list (CSV and XLSX)."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Font

from agencies.logos import logo_rendition
from core.text import xml_text
from core.translated_rows import read_translations
from events.selectors import event_end, event_start
from registrations import selectors


def _latin1(text: str) -> str:
    """The PDF core fonts cover latin-1 (enough for Spanish); replace the rest."""
    text = (
        text.replace("“", '"')
        .replace("”", '"')
        .replace("’", "'")
        .replace("—", "-")
        .replace("–", "-")
    )
    return text.encode("latin-1", "replace").decode("latin-1")


def sessions_attended_text(registration) -> str:
    """ "Attended 3 of 3 sessions", as the certificate and its verification say."""
    record = selectors.attendance_record(registration=registration)
    return ngettext(
        "Attended %(attended)s of %(total)s session",
        "Attended %(attended)s of %(total)s sessions",
        record.total,
    ) % {"attended": record.attended, "total": record.total}


def certificate_pdf(*, certificate, verify_url: str) -> bytes:
    """One A4 landscape page; call inside translation.override for its language."""
    registration = certificate.registration
    event = registration.event
    start = event_start(event)
    end = event_end(event)
    if start and end:
        start, end = timezone.localtime(start), timezone.localtime(end)
        dates = (
            f"{start:%Y-%m-%d}"
            if start.date() == end.date()
            else f"{start:%Y-%m-%d} - {end:%Y-%m-%d}"
        )
    else:
        dates = ""
    agencies = event.organizers()
    organizers = ", ".join(str(agency) for agency in agencies)
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(_latin1(_("Certificate of attendance")))
    pdf.set_author(_latin1(organizers))
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    _organizer_logos(pdf, agencies)
    pdf.set_y(32)
    pdf.set_font("Helvetica", style="B", size=28)
    pdf.cell(0, 14, _latin1(_("Certificate of attendance")), align="C")
    pdf.ln(24)
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 8, _latin1(_("This certifies that")), align="C")
    pdf.ln(14)
    pdf.set_font("Helvetica", style="B", size=22)
    pdf.cell(0, 12, _latin1(certificate.holder_name or "-"), align="C")
    pdf.ln(18)
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 8, _latin1(_("attended the training")), align="C")
    pdf.ln(12)
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.set_x(25)
    title = selectors.training_title(event, get_language()[:2])
    pdf.multi_cell(247, 9, _latin1(title), align="C")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=12)
    if dates:
        pdf.cell(0, 7, _latin1(dates), align="C")
        pdf.ln(8)
    pdf.cell(0, 7, _latin1(sessions_attended_text(registration)), align="C")
    pdf.ln(8)
    if organizers:
        pdf.set_x(25)
        pdf.multi_cell(
            247,
            7,
            _latin1(_("Organized by %(organizers)s") % {"organizers": organizers}),
            align="C",
        )
    pdf.set_y(172)
    pdf.set_font("Helvetica", size=10)
    pdf.cell(
        0,
        6,
        _latin1(_("Verification code: %(code)s") % {"code": certificate.code}),
        align="C",
    )
    pdf.ln(6)
    pdf.cell(0, 6, _latin1(_("Verify at %(url)s") % {"url": verify_url}), align="C")
    return bytes(pdf.output())


LOGO_HEIGHT_MM = 14
LOGO_GAP_MM = 8


def _organizer_logos(pdf: FPDF, agencies) -> None:
    """The organizers' logos side by side, centred above the title."""
    logos = []
    for agency in agencies:
        rendition = logo_rendition(agency)
        if rendition is None:
            continue
        try:
            with rendition.file.open("rb") as file:
                content = io.BytesIO(file.read())
        except OSError:
            continue
        width = LOGO_HEIGHT_MM * rendition.width / max(rendition.height, 1)
        logos.append((content, min(width, 60)))
    if not logos:
        return
    total = sum(width for _content, width in logos) + LOGO_GAP_MM * (len(logos) - 1)
    x = (pdf.w - total) / 2
    for content, width in logos:
        pdf.image(content, x=x, y=15, w=width, h=LOGO_HEIGHT_MM, keep_aspect_ratio=True)
        x += width + LOGO_GAP_MM


def applicant_rows(*, event, registrations) -> tuple[list[str], list[list]]:
    """Header and rows of the organizers' export: one row per registration."""
    questions = list(event.registration_questions.all())
    criteria = list(event.selection_criteria.all())
    registrations = list(registrations)
    # Texts in the reader's language: the twins of all rows, one query a model.
    read_translations(questions + criteria)
    selectors.registration_texts(registrations)
    header = [
        _("Name"),
        _("E-mail"),
        _("Organization"),
        _("Position"),
        _("Status"),
        _("Applied at"),
        _("Sessions"),
        *(criterion.name_shown for criterion in criteria),
        _("Total score"),
        *(question.label_shown for question in questions),
    ]
    rows = []
    for registration in registrations:
        answers = {answer.question_id: answer for answer in registration.answers.all()}
        scores = {
            score.criterion_id: score.value for score in registration.scores.all()
        }
        sessions = [str(session) for session in registration.sessions.all()]
        rows.append(
            [
                registration.full_name,
                registration.email,
                registration.organization,
                registration.position,
                str(registration.get_status_display()),
                timezone.localtime(registration.applied_at).strftime("%Y-%m-%d %H:%M"),
                "; ".join(sessions) or _("All sessions"),
                *(scores.get(criterion.pk, "") for criterion in criteria),
                registration.total_score,
                *(
                    answers[question.pk].display_value()
                    if question.pk in answers
                    else ""
                    for question in questions
                ),
            ]
        )
    return header, rows


def _safe_cell(value):
    """Spreadsheet programs run cells starting with = + - @ as formulas; XLSX is XML,
    which has no room for control characters."""
    value = xml_text(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def applicants_csv(*, event, registrations) -> bytes:
    header, rows = applicant_rows(event=event, registrations=registrations)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe_cell(value) for value in row])
    # The byte-order mark makes spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def decisions_csv(*, event) -> bytes:
    """The training's audit trail: one row per decision, oldest first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Date and time"),
            _("Applicant"),
            _("E-mail"),
            _("Decision"),
            _("Taken by"),
            _("Reason"),
            _("Explanation"),
        ]
    )
    for decision in selectors.audit_trail(event=event):
        registration = decision.registration
        writer.writerow(
            [
                _safe_cell(value)
                for value in (
                    timezone.localtime(decision.created_at).strftime("%Y-%m-%d %H:%M"),
                    registration.full_name,
                    registration.email,
                    decision.get_action_display(),
                    decision.actor_label,
                    decision.get_reason_code_display() if decision.reason_code else "",
                    decision.reason_text,
                )
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def applicants_xlsx(*, event, registrations) -> bytes:
    header, rows = applicant_rows(event=event, registrations=registrations)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Applicants")[:31]
    sheet.append([str(title) for title in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
