"""Factories for the call and the selection, on top of tests/programmes/factories.py.

A submission belongs to the first collectivité of its programme (whose call is open
unless another programme is given) and its author is an agent of that collectivité:

    submission = ProblemSubmissionFactory(submitted=True, programme=programme)
    candidacy = CandidacyFactory(programme=programme, preferred_problems=[submission])
    review = SelectionReviewFactory(submission=submission, reviewer=programme.coach)

It also builds attachments in memory: `pdf_file()`, `png_file()`, `docx_file()` are
accepted, and so is `text_file()` (plain text, named .pdf: stored as text); `executable_file()`,
`html_file()` (both named .pdf), `legacy_office_file()` and `oversized_pdf_file()` are not.
"""

import importlib
import io
import struct
import zipfile
import zlib

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from intrapreneurs.models import Candidacy, ProblemSubmission, SelectionReview, Theme
from programmes.models import Membership
from tests.programmes.factories import CollectivityFactory, MembershipFactory, ProgrammeFactory


def _collectivity_of(programme):
    """The programme's first collectivité, or a new one joined to it."""
    collectivity = programme.collectivities.first()
    if collectivity is None:
        collectivity = CollectivityFactory()
        programme.collectivities.add(collectivity)
    return collectivity


def _member_of(collectivity, role=Membership.Role.AGENT):
    return MembershipFactory(collectivity=collectivity, role=role).user


class ProblemSubmissionFactory(factory.django.DjangoModelFactory):
    """A draft by default; traits: submitted, shortlisted, selected, declined."""

    class Meta:
        model = ProblemSubmission
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=ProblemSubmission.Status.DRAFT, submitted_at=None)
        submitted = factory.Trait(
            status=ProblemSubmission.Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        shortlisted = factory.Trait(
            status=ProblemSubmission.Status.SHORTLISTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        selected = factory.Trait(
            status=ProblemSubmission.Status.SELECTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        declined = factory.Trait(
            status=ProblemSubmission.Status.DECLINED,
            submitted_at=factory.LazyFunction(timezone.now),
        )

    programme = factory.SubFactory(ProgrammeFactory, call_open=True)
    collectivity = factory.LazyAttribute(lambda o: _collectivity_of(o.programme))
    author = factory.LazyAttribute(lambda o: _member_of(o.collectivity))
    title = factory.Sequence(lambda n: f"Problème n° {n} : rendez-vous non honorés")
    # Plain text without apostrophes or quotes, so that tests may look for it in HTML.
    problem = factory.Sequence(lambda n: f"Un rendez-vous sur quatre est manqué (cas {n}).")
    affected_users = "Les usagers du centre social et les travailleurs sociaux."
    current_cost = "Des créneaux perdus chaque semaine et des droits non ouverts."
    evidence = "Le registre des rendez-vous de 2025."
    service = "Centre communal d’action sociale"
    current_handling = "Des rappels par téléphone, quand le temps le permet."
    status = ProblemSubmission.Status.DRAFT


class CandidacyFactory(factory.django.DjangoModelFactory):
    """An agent's candidacy, with their manager's agreement unless `manager_agrees=False`.
    Pass `preferred_problems=[...]` to set the problems they prefer."""

    class Meta:
        model = Candidacy
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory, call_open=True)
    agent = factory.LazyAttribute(lambda o: _member_of(_collectivity_of(o.programme)))
    motivation = factory.Sequence(lambda n: f"Je veux comprendre ce problème de près ({n}).")
    manager_name = "Claire Martin"
    manager_email = factory.Sequence(lambda n: f"responsable{n}@collectivite.fr")
    manager_agrees = True

    @factory.post_generation
    def preferred_problems(self, create, extracted, **kwargs):
        if create and extracted:
            self.preferred_problems.set(extracted)


class SelectionReviewFactory(factory.django.DjangoModelFactory):
    """A referent's review of a submitted problem."""

    class Meta:
        model = SelectionReview

    submission = factory.SubFactory(ProblemSubmissionFactory, submitted=True)
    reviewer = factory.LazyAttribute(
        lambda o: _member_of(o.submission.collectivity, Membership.Role.REFERENT)
    )
    impact_score = 4
    scale_score = 3
    feasibility_score = 3
    comment = factory.Sequence(lambda n: f"Un problème réel et bien documenté ({n}).")


# Attachments, built in memory: real files of each accepted kind and impostors.


def pdf_file(name="compte-rendu.pdf") -> SimpleUploadedFile:
    content = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_file(name="capture.png") -> SimpleUploadedFile:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    content = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, content, content_type="image/png")


def docx_file(name="note.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"/>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def executable_file(name="rapport.pdf") -> SimpleUploadedFile:
    """A Windows executable dressed up as a PDF."""
    content = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def text_file(name="rapport.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"Ceci n'est pas un PDF.\n", content_type="application/pdf")


def html_file(name="rapport.pdf") -> SimpleUploadedFile:
    """A web page dressed up as a PDF: text, but markup a browser would run."""
    content = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def legacy_office_file(name="rapport.doc") -> SimpleUploadedFile:
    """An OLE2 container, as the legacy Office formats (.doc, .xls, .ppt) are."""
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return SimpleUploadedFile(name, content, content_type="application/msword")


def oversized_pdf_file(name="annexes.pdf") -> SimpleUploadedFile:
    content = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


SEED_THEMES = importlib.import_module("intrapreneurs.migrations.0003_seed_themes").THEMES


def theme(slug: str) -> Theme:
    """A theme of the seeded vocabulary. Seeded by a migration, but a transactional test
    (the browser tests) empties the table: create it again when it is missing."""
    names = {slugify(name): name for name in SEED_THEMES}
    return Theme.objects.get_or_create(slug=slug, defaults={"name": names[slug]})[0]
