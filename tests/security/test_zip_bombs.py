"""Decompression bombs (issue 24, point 1): a 1 MB upload must not grow a worker by
gigabytes. Archives are examined from their headers, within bounds, before anything is
read; each kind of bomb is refused fast, with a French message, while the memory the
check allocates stays small, measured both by tracemalloc and under an address-space
ceiling in a separate process."""

import bz2
import io
import json
import os
import random
import subprocess
import sys
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from incubateur.uploads import MAX_ARCHIVE_ENTRIES, MAX_UPLOAD_SIZE, validate_upload
from intrapreneurs.models import ProblemSubmission, SubmissionAttachment
from tests.programmes.factories import MembershipFactory, ProgrammeFactory
from tests.security import zip_bombs
from tests.security.zip_bombs import (
    GIB,
    MIB,
    ODT_MIMETYPE,
    Entry,
    archive,
    bzip2_zeros,
    deflated,
    deflated_zeros,
    docx,
    stored,
)

ARCHIVE_REFUSED = "une fois décompressé, il dépasserait les limites admises"
# What the check may allocate while examining one bomb (the upload itself excluded).
MEMORY_BOUND = 4 * MIB
TIME_BOUND = 1.0  # seconds: a safety bound, not a benchmark


def nested_bomb(levels: int) -> bytes:
    """42.zip's idea: archives of archives, each level sixteen copies of the one below,
    the last one holding deflate bombs. Disguised as a .docx at the top."""
    inner = archive([deflated_zeros(f"{n}.bin", 64 * MIB) for n in range(16)])
    for level in range(levels - 1):
        copy = deflated("copy.zip", inner)
        inner = archive(
            [
                Entry(f"{level}-{n}.zip", copy.data, copy.method, copy.size, copy.crc)
                for n in range(16)
            ]
        )
    return docx(stored("word/embeddings/Microsoft_Excel_Worksheet.xlsx", inner))


def lying_mimetype() -> bytes:
    """The central directory says `mimetype` expands to 39 bytes; it holds a gigabyte."""
    bomb = deflated_zeros("mimetype")
    bomb.size = len(ODT_MIMETYPE)
    return archive([bomb, deflated("content.xml", b"<office:document-content/>")])


BOMBS = {
    # The probe's bomb: `mimetype` itself, a gigabyte of deflated zeros (1 MB).
    "deflate-mimetype": lambda: archive([deflated_zeros("mimetype")]),
    "deflate-content": lambda: archive(
        [stored("mimetype", ODT_MIMETYPE), deflated_zeros("content.xml")]
    ),
    # bzip2: a gigabyte in 785 bytes; zipfile's read(n) would expand it all at once.
    "bzip2-mimetype": lambda: archive([bzip2_zeros("mimetype")]),
    "bzip2-in-docx": lambda: docx(bzip2_zeros("word/media/image1.png")),
    "nested-docx": lambda: nested_bomb(levels=1),
    "nested-42": lambda: nested_bomb(levels=3),
    "many-entries": lambda: archive([stored(f"{n:x}", b"") for n in range(60_000)]),
    # The end record says one entry; the directory holds five thousand.
    "lying-entry-count": lambda: archive(
        [stored(f"{n:x}", b"") for n in range(5_000)], declared_count=1
    ),
    "lying-mimetype-size": lying_mimetype,
    # zipfile parses extra fields in quadratic time: 60 KB of empty ones per entry.
    "huge-extra-fields": lambda: docx(
        *[Entry(f"word/{n}.xml", b"", extra=b"\xff\xff\x00\x00" * 15_000) for n in range(60)]
    ),
}
# The lying size passes the bounds (it declares 39 bytes); reading stops at 39 bytes and the
# CRC is wrong: not an OpenDocument file.
EXPECTED_CODE = {"lying-mimetype-size": "type"}


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {name: build() for name, build in BOMBS.items()}


def test_the_bombs_are_real(bombs):
    deflate = zipfile.ZipFile(io.BytesIO(bombs["deflate-mimetype"]))
    assert deflate.getinfo("mimetype").file_size == GIB
    with deflate.open("mimetype") as entry:
        assert entry.read(64 * MIB) == bytes(64 * MIB)
    assert bz2.BZ2Decompressor().decompress(zip_bombs.BZIP2_GIB_OF_ZEROS, 64 * MIB) == bytes(
        64 * MIB
    )
    for name, content in bombs.items():
        assert len(content) < MAX_UPLOAD_SIZE, name  # each one could be uploaded


@pytest.mark.parametrize("name", BOMBS)
def test_each_bomb_is_refused_fast_within_a_small_memory_bound(bombs, name):
    upload = SimpleUploadedFile("compte-rendu.odt", bombs[name])

    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as error:
            validate_upload(upload)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert error.value.code == EXPECTED_CODE.get(name, "archive")
    assert elapsed < TIME_BOUND
    assert peak < MEMORY_BOUND, f"{peak / MIB:.1f} MiB"


CHILD = """
import json, os, resource, sys, time
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from incubateur.uploads import validate_upload

folder = sys.argv[1]
bombs = {name: open(os.path.join(folder, name), "rb").read() for name in os.listdir(folder)}
# The address space now in use, plus 64 MiB: expanding any bomb would raise MemoryError.
pages = int(open("/proc/self/statm").read().split()[0])
ceiling = pages * resource.getpagesize() + 64 * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
results = {}
for name, content in bombs.items():
    started = time.perf_counter()
    try:
        validate_upload(SimpleUploadedFile("note.odt", content))
        code = "accepted"
    except ValidationError as error:
        code = error.code
    except MemoryError:
        code = "MemoryError"
    results[name] = [code, time.perf_counter() - started]
print(json.dumps(results))
"""


def test_under_an_address_space_ceiling_no_bomb_exhausts_memory(bombs, tmp_path):
    for name, content in bombs.items():
        (tmp_path / name).write_bytes(content)
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "incubateur.settings"}

    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )

    assert child.returncode == 0, child.stderr
    results = json.loads(child.stdout.strip().splitlines()[-1])
    assert set(results) == set(BOMBS)
    for name, (code, elapsed) in results.items():
        assert code == EXPECTED_CODE.get(name, "archive"), name
        assert elapsed < TIME_BOUND, name


def test_a_document_with_an_embedded_workbook_is_still_accepted():
    # A chart in Word keeps its data as an .xlsx inside the .docx.
    workbook = archive(
        [deflated("[Content_Types].xml", b"<Types/>"), deflated("xl/workbook.xml", b"<w/>")]
    )
    content = docx(stored("word/embeddings/Microsoft_Excel_Worksheet.xlsx", workbook))

    assert validate_upload(SimpleUploadedFile("note.docx", content))[1] == ".docx"


def test_a_document_at_the_entry_bound_is_accepted_one_more_is_refused():
    def with_entries(count):
        return docx(*[deflated(f"word/media/{n}.xml", b"<x/>") for n in range(count - 2)])

    upload = SimpleUploadedFile("note.docx", with_entries(MAX_ARCHIVE_ENTRIES))
    assert validate_upload(upload)[1] == ".docx"
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("note.docx", with_entries(MAX_ARCHIVE_ENTRIES + 1)))
    assert error.value.code == "archive"


@pytest.fixture
def agent(client, media_root):
    programme = ProgrammeFactory(call_open=True)
    agent = MembershipFactory(collectivity=programme.collectivities.get()).user
    agent.programme = programme
    client.force_login(agent)
    return agent


# many-entries weighs 5 MB: Django spools it to a temporary file, examined the same way.
@pytest.mark.parametrize("name", ["deflate-mimetype", "bzip2-in-docx", "nested-42", "many-entries"])
def test_a_bomb_sent_with_a_problem_gets_a_french_message_and_the_text_is_kept(
    client, agent, bombs, name
):
    response = client.post(
        reverse("intrapreneurs:submission_create", args=[agent.programme.slug]),
        {
            "title": "Les relevés de compteurs",
            "problem": "Chaque mois, les relevés sont ressaisis à la main.",
            "action": "draft",
            "attachments": [SimpleUploadedFile("releves.odt", bombs[name])],
        },
    )

    assertContains(response, ARCHIVE_REFUSED)
    assertContains(response, "releves.odt")
    assertContains(response, "Les relevés de compteurs")
    assertContains(response, "Chaque mois, les relevés sont ressaisis à la main.")
    assert not ProblemSubmission.objects.exists()
    assert not SubmissionAttachment.objects.exists()


def test_corrupt_archives_are_refused_never_crash():
    # Flipped bytes, truncations and trailing garbage anywhere in real documents: the
    # examination answers a type or a ValidationError, never another exception (a 500).
    documents = [
        docx(),
        archive([stored("mimetype", ODT_MIMETYPE), deflated("content.xml", b"<x/>" * 50)]),
    ]
    generator = random.Random(24)
    for _ in range(2_000):
        content = bytearray(generator.choice(documents))
        mutation = generator.random()
        if mutation < 0.4:
            for _ in range(generator.randint(1, 4)):
                content[generator.randrange(len(content))] = generator.randrange(256)
        elif mutation < 0.7:
            content = content[: generator.randrange(1, len(content) + 1)]
        else:
            content += generator.randbytes(generator.randint(1, 40))
        try:
            found = validate_upload(SimpleUploadedFile("note.docx", bytes(content)))
        except ValidationError as error:
            assert error.code in {"type", "archive"}
        else:
            assert found[1] in {".docx", ".odt", ".txt"}
