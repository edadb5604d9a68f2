"""A local S3 server (moto's threaded server on 127.0.0.1) for the tests, and the switch
that points the whole suite at it: `make test PYTEST_ARGS="--storage=s3 …"` or
`TEST_STORAGE=s3 make test …`."""

import contextlib
import os
import socket
from pathlib import Path

import boto3
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

BUCKET = "incubateur-tests"
CREDENTIALS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def s3_server():
    """Start the server with an empty private bucket; yields the environment variables
    that select it (for the settings and for worker or web subprocesses)."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    environ = {
        "STORAGE_BACKEND": "s3",
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "S3_BUCKET": BUCKET,
        "S3_REGION": "eu-west-3",
        "S3_ADDRESSING_STYLE": "path",
        **CREDENTIALS,
    }
    client(environ).create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
    )
    try:
        yield environ
    finally:
        server.stop()


def client(environ):
    return boto3.client(
        "s3",
        endpoint_url=environ["S3_ENDPOINT_URL"],
        region_name=environ["S3_REGION"],
        aws_access_key_id=environ["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=environ["S3_SECRET_ACCESS_KEY"],
    )


def object_names(environ) -> set[str]:
    listing = client(environ).list_objects_v2(Bucket=environ["S3_BUCKET"])
    return {entry["Key"] for entry in listing.get("Contents", [])}


@contextlib.contextmanager
def environ_set(values):
    """os.environ with `values`, restored on exit (subprocesses inherit it)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def is_stored_privately(field_file, media_root) -> bool:
    """On the local disk: under the private media folder (never the static one); in the
    bucket (--storage=s3): an object there."""
    try:
        path = field_file.path
    except NotImplementedError:  # S3 objects have no local path
        return field_file.storage.exists(field_file.name)
    return Path(path).resolve().is_relative_to(Path(media_root).resolve())


def stored_files(folder: str) -> list[str]:
    """The names of the files under `folder` in the default storage, whichever it is."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # on disk; a bucket lists nothing instead
        return []
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names += stored_files(f"{folder}/{sub}")
    return sorted(names)
