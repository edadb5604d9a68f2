"""Files attached to a record (a submission, a weekly log): stored under a random name,
checked from their content on upload, served back only as downloads."""

from django.conf import settings
from django.db import models
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

from incubateur.uploads import validate_upload


class Attachment(models.Model):
    """Each subclass adds the record it belongs to and declares `file` again with its own
    `upload_to`, which names the file from `extension`."""

    file = models.FileField()
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(max_length=120)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("taille"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @classmethod
    def create_from_upload(cls, upload, *, by, **fields):
        """Store an upload, refusing it (ValidationError) unless `validate_upload` accepts
        it; the type and extension are the detected ones, never the declared ones."""
        content_type, extension = validate_upload(upload)
        return cls.objects.create(
            file=upload,
            original_name=upload.name[:255],
            content_type=content_type,
            extension=extension,
            size=upload.size,
            uploaded_by=by,
            **fields,
        )

    @property
    def download_name(self) -> str:
        """The original name, ending with the extension of the detected type: a PDF
        uploaded as "rapport.exe" is downloaded as "rapport.pdf"."""
        stem, dot, extension = self.original_name.rpartition(".")
        extension = f".{extension.lower()}"
        if dot and (
            extension == self.extension or {extension, self.extension} == {".jpg", ".jpeg"}
        ):
            return self.original_name
        return f"{stem if dot else self.original_name}{self.extension}"

    def download_response(self) -> FileResponse:
        """The file as a download under its original name, with the type detected on
        upload, which the browser must not second-guess."""
        try:
            handle = self.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=self.download_name,
            content_type=self.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
