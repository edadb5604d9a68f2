"""Attachments: what may be uploaded, checked from the file's content, never its name."""

import io
import zipfile

import puremagic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Types identified from the first bytes of the file.
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
}
# The old Office formats share one container (OLE2).
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE2_TYPES = {
    ".doc": ("application/msword", ".doc"),
    ".xls": ("application/vnd.ms-excel", ".xls"),
    ".ppt": ("application/vnd.ms-powerpoint", ".ppt"),
}

# Office Open XML and OpenDocument files are zip archives: look inside.
OOXML_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}

REFUSED = _(
    "Ce type de fichier n’est pas accepté. Déposez un PDF, une image (PNG, JPEG, GIF, WebP) "
    "ou un document bureautique (Word, Excel, PowerPoint, LibreOffice)."
)


def _zip_office_type(head: bytes, upload) -> tuple[str, str] | None:
    if not head.startswith(b"PK\x03\x04"):
        return None
    upload.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared in ODF_TYPES:
                    return declared, ODF_TYPES[declared]
            if "[Content_Types].xml" in names:
                for prefix, kind in OOXML_TYPES.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, ValueError):
        return None
    return None


def detect_content_type(upload) -> tuple[str, str] | None:
    """(MIME type, extension) of an accepted upload, or None."""
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    found = _zip_office_type(head, upload)
    upload.seek(0)
    if found:
        return found
    if head.startswith(OLE2_SIGNATURE):
        # The container is the same for .doc, .xls and .ppt: the name only picks which.
        extension = "." + upload.name.rpartition(".")[2].lower()
        return OLE2_TYPES.get(extension, ("application/msword", ".doc"))
    try:
        mime = puremagic.from_string(head, mime=True)
    except puremagic.PureError:
        return None
    if mime in ALLOWED_TYPES:
        return mime, ALLOWED_TYPES[mime]
    return None


def validate_upload(upload) -> tuple[str, str]:
    """Refuse files over 10 MB or of a type we don't accept; return (MIME type, extension)."""
    if upload.size > MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("Le fichier « %(name)s » dépasse 10 Mo."), params={"name": upload.name}, code="size"
        )
    if upload.size == 0:
        raise ValidationError(
            _("Le fichier « %(name)s » est vide."), params={"name": upload.name}, code="empty"
        )
    found = detect_content_type(upload)
    if not found:
        raise ValidationError(REFUSED, code="type")
    return found
