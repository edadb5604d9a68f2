"""Attachments: what may be uploaded, checked from the file's content, never its name.

The policy (SECURITY.md, « Uploads »): PDF, images (PNG, JPEG, GIF, WebP), OpenDocument and
Office Open XML documents, CSV and plain text, 10 MB at most. Everything else is refused,
the legacy Office formats (OLE2 containers: .doc, .xls, .ppt) included, whatever their
name: they carry macros and nobody here needs them.

OpenDocument and Office Open XML files are zip archives. An archive is examined from its
headers only, within fixed bounds, before anything in it is read; then at most a few bytes
of the one entry that names the format. Nothing is ever decompressed in full, so a
decompression bomb costs what its headers weigh, not what it would expand to.
"""

import codecs
import io
import re
import struct
import zipfile
import zlib

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
# The legacy Office formats share one container (OLE2), refused.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Office Open XML and OpenDocument files are zip archives: look inside.
ZIP_SIGNATURE = b"PK\x03\x04"
OOXML_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "application/vnd.oasis.opendocument.graphics": ".odg",
}

# Bounds on any archive examined. A long presentation has a few hundred entries; a large
# spreadsheet's XML expands some tens of times. Deflate expands zeros about a thousand
# times, bzip2 millions of times.
MAX_ARCHIVE_ENTRIES = 1000
MAX_CENTRAL_DIRECTORY = 512 * 1024
MAX_ENTRY_EXTRA = 4096  # zipfile parses extra fields in quadratic time
MAX_UNCOMPRESSED_TOTAL = 256 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM = 1024 * 1024  # smaller entries cannot expand to anything harmful
# Both formats use only these two methods (ISO/IEC 29500-2, ODF 1.3 part 2).
ALLOWED_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
# Archives inside the archive (OOXML embeds a chart's workbook as an .xlsx) are examined
# too, two levels down at most, each read whole within a total of MAX_NESTED_BYTES.
MAX_NESTING = 2
MAX_NESTED_BYTES = MAX_UPLOAD_SIZE
MAX_MIMETYPE_SIZE = 128  # the OpenDocument `mimetype` entry: one short line

CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
CENTRAL_SIGNATURE = b"PK\x01\x02"

TEXT_TYPES = {".csv": ("text/csv", ".csv")}
PLAIN_TEXT = ("text/plain", ".txt")
# Control characters never found in a text file (tab, line feed, form feed and carriage
# return are fine).
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Text that a browser or a system would run or render rather than show: markup (HTML,
# SVG, XML), scripts, RTF (which embeds OLE objects), PostScript.
ACTIVE_TEXT = (b"<", b"#!", b"{\\rtf", b"%!")

REFUSED = _(
    "Ce type de fichier n’est pas accepté. Déposez un PDF, une image (PNG, JPEG, GIF, WebP), "
    "un document Word, Excel ou PowerPoint récent (.docx, .xlsx, .pptx), un document "
    "LibreOffice (.odt, .ods, .odp, .odg), un fichier CSV ou un texte."
)
LEGACY_OFFICE_REFUSED = _(
    "Les anciens formats Office (.doc, .xls, .ppt) ne sont pas acceptés : enregistrez le "
    "document au format actuel (.docx, .xlsx, .pptx), au format LibreOffice ou en PDF, "
    "puis déposez-le à nouveau."
)
ARCHIVE_REFUSED = _(
    "Le fichier « %(name)s » ne peut pas être accepté : une fois décompressé, il "
    "dépasserait les limites admises (%(entries)s éléments et %(megabytes)s Mo au plus, "
    "sans taux de compression anormal). Enregistrez-le à nouveau depuis votre logiciel ou "
    "déposez-le en PDF."
)


class ArchiveOutOfBounds(Exception):
    """The archive would expand beyond what any document here needs."""


def _central_directory(upload) -> bytes:
    """The archive's central directory, refused if larger than the bounds allow. It is
    found as zipfile finds it (its own end-of-archive reader, private but unchanged for
    years: the bomb tests would catch a change), so that what is bounded here is exactly
    what zipfile parses next."""
    end = zipfile._EndRecData(upload)
    if not end:
        raise zipfile.BadZipFile("no end of central directory")
    size = end[zipfile._ECD_SIZE]
    start = end[zipfile._ECD_LOCATION] - size
    if end[zipfile._ECD_SIGNATURE] == zipfile.stringEndArchive64:
        start -= zipfile.sizeEndCentDir64 + zipfile.sizeEndCentDir64Locator
    if end[zipfile._ECD_ENTRIES_TOTAL] > MAX_ARCHIVE_ENTRIES or size > MAX_CENTRAL_DIRECTORY:
        raise ArchiveOutOfBounds
    if start < 0:
        raise zipfile.BadZipFile("central directory before the start of the file")
    upload.seek(start)
    return upload.read(size)


def _check_headers(directory: bytes) -> None:
    """Walk the central directory's fixed-size headers: count the entries (whatever the
    end record declares) and refuse oversized extra fields, before zipfile builds
    anything from them."""
    offset = entries = 0
    while offset < len(directory):
        header = CENTRAL_HEADER.unpack_from(directory, offset)
        if header[0] != CENTRAL_SIGNATURE:
            raise zipfile.BadZipFile("bad central directory header")
        name_length, extra_length, comment_length = header[12:15]
        entries += 1
        if entries > MAX_ARCHIVE_ENTRIES or extra_length > MAX_ENTRY_EXTRA:
            raise ArchiveOutOfBounds
        offset += CENTRAL_HEADER.size + name_length + extra_length + comment_length


class _Budget:
    """What all the archives examined for one upload may add up to, nested ones included."""

    def __init__(self):
        self.entries = MAX_ARCHIVE_ENTRIES
        self.uncompressed = MAX_UNCOMPRESSED_TOTAL
        self.nested_bytes = MAX_NESTED_BYTES

    def spend(self, entries: list[zipfile.ZipInfo]) -> None:
        """Refuse entries whose count, declared sizes, ratios or methods no document has."""
        self.entries -= len(entries)
        self.uncompressed -= sum(entry.file_size for entry in entries)
        if self.entries < 0 or self.uncompressed < 0:
            raise ArchiveOutOfBounds
        for entry in entries:
            if entry.compress_type not in ALLOWED_COMPRESSION or entry.flag_bits & 0x1:
                raise ArchiveOutOfBounds  # bzip2, lzma…, or encrypted
            if entry.file_size >= RATIO_CHECKED_FROM and (
                entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
            ):
                raise ArchiveOutOfBounds

    def read(self, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
        """A nested archive, read whole (its directory is at its end) if the budget allows.
        read(n) stops at the declared size: a header understating it ends in a CRC error."""
        if entry.file_size > self.nested_bytes:
            raise ArchiveOutOfBounds
        self.nested_bytes -= entry.file_size
        with archive.open(entry) as handle:
            return handle.read(entry.file_size)


def _is_archive(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    if entry.file_size < len(ZIP_SIGNATURE):
        return False
    with archive.open(entry) as handle:
        return handle.read(len(ZIP_SIGNATURE)) == ZIP_SIGNATURE


def _examine(file, budget: _Budget, depth: int = 0) -> tuple[str, str] | None:
    """Check one archive and those nested in it (a chart's workbook inside a .docx)
    against the bounds, then tell which document it is."""
    _check_headers(_central_directory(file))
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        entries = archive.infolist()
        budget.spend(entries)
        for entry in entries:
            if _is_archive(archive, entry):
                if depth >= MAX_NESTING:
                    raise ArchiveOutOfBounds
                _examine(io.BytesIO(budget.read(archive, entry)), budget, depth + 1)
        return _document_type(archive)


def _document_type(archive: zipfile.ZipFile) -> tuple[str, str] | None:
    entries = {entry.filename: entry for entry in archive.infolist()}
    mimetype = entries.get("mimetype")
    if mimetype is not None and mimetype.file_size <= MAX_MIMETYPE_SIZE:
        # read(n) decompresses at most a few kilobytes and stops at the declared size:
        # a header lying about it ends in a CRC error, not in a large read.
        with archive.open(mimetype) as entry:
            declared = entry.read(MAX_MIMETYPE_SIZE).decode("ascii", "replace").strip()
        if declared in ODF_TYPES:
            return declared, ODF_TYPES[declared]
    if "[Content_Types].xml" in entries:
        for prefix, kind in OOXML_TYPES.items():
            if any(name.startswith(prefix) for name in entries):
                return kind
    return None


def archive_type(upload) -> tuple[str, str] | None:
    """(MIME type, extension) of an OpenDocument or Office Open XML upload; None for any
    other content. Raises ArchiveOutOfBounds for an archive beyond the bounds above."""
    upload.seek(0)
    if upload.read(len(ZIP_SIGNATURE)) != ZIP_SIGNATURE:
        return None
    try:
        return _examine(upload, _Budget())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError):
        return None  # not an archive zipfile can read, or an encrypted one
    except (EOFError, OSError, ValueError, struct.error, zlib.error):
        return None  # a truncated or corrupt archive
    finally:
        upload.seek(0)


def _text_type(upload) -> tuple[str, str] | None:
    """CSV or plain text: UTF-8 (with or without BOM) or Windows-1252, as spreadsheets
    export them, without binary control characters and not markup or a script."""
    decoders = [codecs.getincrementaldecoder(name)() for name in ("utf-8", "cp1252")]
    upload.seek(0)
    for index, chunk in enumerate(upload.chunks()):
        if index == 0 and chunk.removeprefix(codecs.BOM_UTF8).lstrip().startswith(ACTIVE_TEXT):
            return None
        if BINARY_BYTES.search(chunk):
            return None
        decoders = [decoder for decoder in decoders if _decodes(decoder, chunk)]
        if not decoders:
            return None
    if not any(_decodes(decoder, b"", final=True) for decoder in decoders):
        return None
    extension = "." + upload.name.rpartition(".")[2].lower()
    return TEXT_TYPES.get(extension, PLAIN_TEXT)


def _decodes(decoder, chunk: bytes, final: bool = False) -> bool:
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError:
        return False
    return True


def detect_content_type(upload) -> tuple[str, str] | None:
    """(MIME type, extension) of an accepted upload, or None. Raises ValidationError for
    an archive beyond the bounds and for the legacy Office formats."""
    upload.seek(0)
    head = upload.read(4096)
    try:
        found = archive_type(upload)
    except ArchiveOutOfBounds as error:
        raise ValidationError(
            ARCHIVE_REFUSED,
            code="archive",
            params={
                "name": upload.name,
                "entries": MAX_ARCHIVE_ENTRIES,
                "megabytes": MAX_UNCOMPRESSED_TOTAL // (1024 * 1024),
            },
        ) from error
    if found:
        return found
    if head.startswith(OLE2_SIGNATURE):
        raise ValidationError(LEGACY_OFFICE_REFUSED, code="legacy_office")
    try:
        mime = puremagic.from_string(head, mime=True)
    except puremagic.PureError:
        mime = None
    if mime in ALLOWED_TYPES:
        return mime, ALLOWED_TYPES[mime]
    try:
        return _text_type(upload)
    finally:
        upload.seek(0)


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
