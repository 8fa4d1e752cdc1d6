"""Files on messages: a size limit, an allowlist of types, Django storage, random stored names.

The type is decided by the server from the file name (never the browser's claim), and for the
formats that have one, the file must start with that format's signature: a renamed executable is
refused. Files are only ever served as downloads by views that check who asks.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from tickets.models import Attachment, Message

MAX_BYTES = getattr(settings, "TICKET_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
MAX_FILES = getattr(settings, "TICKET_ATTACHMENT_MAX_FILES", 5)
ALLOWED = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".gif": ("image/gif", b"GIF8"),
    ".txt": ("text/plain", b""),
    ".csv": ("text/csv", b""),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
}


def attachments_validate(files) -> None:
    """Refuse the whole upload with a reason per file, before anything is written."""
    files = list(files)
    if len(files) > MAX_FILES:
        raise ValidationError({"files": [_("At most %(n)d files per message.") % {"n": MAX_FILES}]})
    errors = [error for upload in files if (error := _problem(upload))]
    if errors:
        raise ValidationError({"files": errors})


def _problem(upload) -> str | None:
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED:
        return _("%(name)s: this type of file is not accepted (allowed: %(allowed)s).") % {
            "name": name,
            "allowed": ", ".join(sorted(ALLOWED)),
        }
    if upload.size > MAX_BYTES:
        return _("%(name)s is larger than %(max)s.") % {
            "name": name,
            "max": filesizeformat(MAX_BYTES),
        }
    if upload.size == 0:
        return _("%(name)s is empty.") % {"name": name}
    signature = ALLOWED[suffix][1]
    upload.seek(0)
    head = upload.read(len(signature))
    upload.seek(0)
    if head != signature:
        return _("%(name)s does not look like a %(suffix)s file.") % {
            "name": name,
            "suffix": suffix,
        }
    return None


def attachments_store(*, message: Message, files) -> list[Attachment]:
    """Store already validated files for ``message``; call last in the service's transaction."""
    return [_store(message, upload) for upload in files]


def _store(message: Message, upload) -> Attachment:
    suffix = PurePath(upload.name).suffix.lower()
    filename = get_valid_filename(PurePath(upload.name).name)[:200] or f"attachment{suffix}"
    attachment = Attachment(
        partner_id=message.partner_id,
        message=message,
        filename=filename,
        content_type=ALLOWED[suffix][0],
        size=upload.size,
    )
    # A random stored name: nothing about the customer or the file leaks into the storage path.
    attachment.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    attachment.save()
    return attachment
