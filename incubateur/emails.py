from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send_templated_email(template: str, context: dict, to: list[str]) -> None:
    """Send `<template>_subject.txt` and `<template>_body.txt`, rendered with the context
    plus the site's URL (for absolute links)."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    EmailMessage(subject=subject, body=body, to=to).send()
