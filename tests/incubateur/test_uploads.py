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
CSV_UTF8 = "\ufeffcommune;habitants;coût\r\nLe Havre;165 830;12,5 €\r\n".encode()
CSV_EXCEL_FR = "commune;été;coût\r\nÉtretat;1 200;3,5 €\r\n".encode("cp1252")
TEXT = "Compte rendu du 3 mars :\n\t- relevés à la main\n".encode()


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
        ("chiffres.csv", CSV_UTF8, ("text/csv", ".csv")),
        ("chiffres.CSV", CSV_EXCEL_FR, ("text/csv", ".csv")),  # Windows-1252, as Excel saves
        ("notes.txt", TEXT, ("text/plain", ".txt")),
        ("notes.md", TEXT, ("text/plain", ".txt")),
        # The type comes from the content: a PDF named .png is a PDF.
        ("faux-nom.png", PDF, ("application/pdf", ".pdf")),
        ("tableau.csv", PDF, ("application/pdf", ".pdf")),
    ],
)
def test_accepted_types_are_recognised_from_their_content(name, content, expected):
    assert validate_upload(SimpleUploadedFile(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("programme.pdf", b"MZ\x90\x00" + b"\x00" * 60),  # a Windows executable
        ("archive.docx", zip_bytes({"evil.exe": "MZ"})),  # a zip that isn't a document
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("page.txt", b"\xef\xbb\xbf  \n<!DOCTYPE html><p>bonjour</p>"),  # markup after a BOM
        ("image.txt", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("install.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("lettre.txt", b"{\\rtf1\\ansi {\\object\\objocx}}"),  # RTF embeds OLE objects
        ("dessin.txt", b"%!PS-Adobe-3.0\n"),
        ("donnees.csv", b"commune\x00habitants"),  # NUL: binary
        ("donnees.csv", b"commune;\x1b[31mhabitants"),  # terminal escapes
        ("donnees.csv", "commune;été".encode("utf-16")),  # UTF-16: NULs everywhere
        ("donnees.csv", b"commune;\x81\x8d"),  # neither UTF-8 nor Windows-1252
    ],
)
def test_other_content_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content))

    assert error.value.code == "type"
    assert "type de fichier n’est pas accepté" in error.value.messages[0]


@pytest.mark.parametrize("name", ["ancien.doc", "ancien.xls", "ancien.ppt", "page.html", "a.exe"])
def test_legacy_office_containers_are_refused_whatever_their_name(name):
    # OLE2 holds the legacy Office formats (and their macros), whatever it is named.
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, OLE2))

    assert error.value.code == "legacy_office"
    assert (
        "anciens formats Office (.doc, .xls, .ppt) ne sont pas acceptés"
        in (error.value.messages[0])
    )


def test_a_long_text_file_is_checked_to_its_end():
    # The last 64 KB chunk holds a NUL: the file is binary, not text.
    content = b"commune;habitants\n" * 20_000 + b"\x00"

    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("donnees.csv", content))

    assert error.value.code == "type"


def test_a_utf8_character_split_across_chunks_is_still_text():
    # 140 KB: the 64 KB chunk boundary falls inside a character; "Á" is C3 81 in UTF-8 and
    # 0x81 is no Windows-1252 character, so only UTF-8 decoding across chunks accepts it.
    content = b"a" + "Á".encode() * 70_000

    assert validate_upload(SimpleUploadedFile("notes.txt", content)) == ("text/plain", ".txt")


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
