import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from incubateur.uploads import MAX_UPLOAD_SIZE, validate_upload

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zip_bytes(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("rapport.pdf", PDF, ("application/pdf", ".pdf")),
        ("photo.png", PNG, ("image/png", ".png")),
        ("photo.jpeg", JPEG, ("image/jpeg", ".jpg")),
        (
            "note.docx",
            DOCX,
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        ),
        (
            "tableau.xlsx",
            XLSX,
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
        ),
        ("compte-rendu.odt", ODT, ("application/vnd.oasis.opendocument.text", ".odt")),
        ("ancien.xls", OLE2, ("application/vnd.ms-excel", ".xls")),
        # The type comes from the content: a PDF named .png is a PDF.
        ("faux-nom.png", PDF, ("application/pdf", ".pdf")),
    ],
)
def test_accepted_types_are_recognised_from_their_content(name, content, expected):
    assert validate_upload(SimpleUploadedFile(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("programme.pdf", b"MZ\x90\x00" + b"\x00" * 60),  # a Windows executable
        ("notes.pdf", b"just some plain text, no signature at all"),
        ("archive.docx", zip_bytes({"evil.exe": "MZ"})),  # a zip that isn't a document
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_other_content_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content))

    assert error.value.code == "type"
    assert "type de fichier n’est pas accepté" in error.value.messages[0]


def test_files_over_ten_megabytes_are_refused():
    upload = SimpleUploadedFile("gros.pdf", PDF + b"\x00" * MAX_UPLOAD_SIZE)

    with pytest.raises(ValidationError) as error:
        validate_upload(upload)

    assert error.value.code == "size"
    assert "dépasse 10 Mo" in error.value.messages[0]


def test_empty_files_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("vide.pdf", b""))

    assert error.value.code == "empty"
