"""Real decompression bombs, built byte by byte (zipfile would refuse to write the lying
ones, and compressing a gigabyte of zeros would take seconds)."""

import base64
import functools
import struct
import zipfile
import zlib
from dataclasses import dataclass

GIB = 1 << 30
MIB = 1 << 20

# bz2.compress(bytes(GIB)), 785 bytes: bzip2 expands zeros over a million times.
# tests/security/test_zip_bombs.py checks that it expands beyond 64 MiB.
BZIP2_GIB_OF_ZEROS = base64.b64decode(
    "QlpoOTFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakK"
    "gJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCX"
    "MUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFB"
    "WSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkm"
    "U1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZ"
    "Dgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J"
    "4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLf"
    "AV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFf"
    "jkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45A"
    "AMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADA"
    "AAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZSHxfyQCKUsgAwAAA"
    "EAAggADDMBSmmkSJDYUSJDxdyRThQkPaI5AI="
)

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass
class Entry:
    name: str
    data: bytes  # as stored in the archive: compressed already
    method: int = zipfile.ZIP_STORED
    size: int | None = None  # declared uncompressed size; len(data) when None
    crc: int | None = None  # zlib.crc32(data) when None
    extra: bytes = b""


def stored(name: str, content: bytes) -> Entry:
    return Entry(name, content)


def deflated(name: str, content: bytes) -> Entry:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return Entry(name, data, zipfile.ZIP_DEFLATED, len(content), zlib.crc32(content))


@functools.cache
def _deflated_zeros(size: int) -> tuple[bytes, int]:
    """A raw deflate stream of `size` zeros and their CRC, in milliseconds: after a full
    flush the compressor starts afresh, so one compressed mebibyte repeats."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    mebibyte = bytes(MIB)
    segment = compressor.compress(mebibyte) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // MIB):
        crc = zlib.crc32(mebibyte, crc)
    return segment * (size // MIB) + compressor.flush(), crc


def deflated_zeros(name: str, size: int = GIB) -> Entry:
    data, crc = _deflated_zeros(size)
    return Entry(name, data, zipfile.ZIP_DEFLATED, size, crc)


@functools.cache
def _zeros_crc(size: int) -> int:
    return _deflated_zeros(size)[1]


def bzip2_zeros(name: str) -> Entry:
    return Entry(name, BZIP2_GIB_OF_ZEROS, zipfile.ZIP_BZIP2, GIB, _zeros_crc(GIB))


def archive(entries: list[Entry], *, declared_count: int | None = None) -> bytes:
    """A zip archive of these entries, its headers saying what the entries declare."""
    local, central = [], []
    offset = 0
    for entry in entries:
        name = entry.name.encode()
        size = len(entry.data) if entry.size is None else entry.size
        crc = zlib.crc32(entry.data) if entry.crc is None else entry.crc
        version = 46 if entry.method == zipfile.ZIP_BZIP2 else 20
        header = struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            version,
            0,
            entry.method,
            0,
            0x21,
            crc,
            len(entry.data),
            size,
            len(name),
            len(entry.extra),
        )
        local.append(header + name + entry.extra + entry.data)
        central.append(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\x01\x02",
                20,
                3,
                version,
                0,
                0,
                entry.method,
                0,
                0x21,
                crc,
                len(entry.data),
                size,
                len(name),
                len(entry.extra),
                0,
                0,
                0,
                0,
                offset,
            )
            + name
            + entry.extra
        )
        offset += len(local[-1])
    directory = b"".join(central)
    count = len(entries) if declared_count is None else declared_count
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(local) + directory + end


def docx(*extra: Entry) -> bytes:
    return archive(
        [
            deflated("[Content_Types].xml", b"<Types/>"),
            deflated("word/document.xml", b"<w:document/>"),
            *extra,
        ]
    )
