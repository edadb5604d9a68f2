"""Where uploads and reports live: the local disk (MEDIA_ROOT) or an S3-compatible bucket,
chosen by the environment (STORAGE_BACKEND). Read by the settings, and by the tests that
point the whole suite at a local S3 server."""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def default_storage_from(environ: Mapping[str, str]) -> dict:
    """The `STORAGES["default"]` entry the environment asks for."""
    backend = environ.get("STORAGE_BACKEND", "local")
    if backend == "local":
        return LOCAL
    if backend != "s3":
        raise ImproperlyConfigured("STORAGE_BACKEND must be 'local' or 's3'.")
    if not environ.get("S3_BUCKET"):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["S3_BUCKET"],
            "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
            "region_name": environ.get("S3_REGION") or None,
            # "path" for most on-premises / State cloud servers, "virtual" for AWS-like ones.
            "addressing_style": environ.get("S3_ADDRESSING_STYLE") or None,
            # Empty: boto3 finds credentials itself (instance role, AWS_* variables).
            "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
            # No ACL on objects: the bucket's own (private) policy applies.
            "default_acl": None,
            # Any URL built by mistake is signed and short-lived, never public; the
            # application itself hands out none (downloads are streamed by its views).
            "querystring_auth": True,
            "querystring_expire": 60,
            # Two files named alike never replace each other.
            "file_overwrite": False,
        },
    }


def delete_file_on_commit(sender, instance, **kwargs) -> None:
    """post_delete receiver: the stored file goes once the row's deletion is committed (a
    rolled-back deletion keeps its file), whichever storage holds it."""
    stored = instance.file
    if not stored:
        return
    from django.db import transaction  # not at import: the settings import this module

    storage, name = stored.storage, stored.name
    transaction.on_commit(lambda: storage.delete(name))
