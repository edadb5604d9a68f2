"""`form_token_claim` records a form's token, or refuses a form already sent."""

import re
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incubateur.formtokens.models import KEEP_FOR, UsedFormToken

FIELD_NAME = "form_token"
TOKEN_PATTERN = re.compile(r"[0-9a-f]{32}")

ALREADY_SENT = _(
    "Ce formulaire a déjà été envoyé (double clic ?) : il n’a été pris en compte qu’une fois."
)


class AlreadySubmitted(Exception):
    """This form was already sent and saved."""

    def __init__(self):
        super().__init__(str(ALREADY_SENT))


def new_form_token() -> str:
    return uuid.uuid4().hex


def posted_form_token(data) -> str | None:
    """The token of a posted form, if it has a well-formed one. A post without one (an
    old page, a script) is processed as before, without the double-click guard."""
    token = data.get(FIELD_NAME, "")
    return token if TOKEN_PATTERN.fullmatch(token) else None


def form_token_claim(*, token: str | None, user) -> None:
    """Record `token` in the caller's transaction, or raise AlreadySubmitted. Call it
    first in an atomic service: if the service fails, the token is free again."""
    if token is None:
        return
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(token=token, user=user)
    except IntegrityError as error:
        raise AlreadySubmitted from error
    # The user's old tokens go as they send new forms: the table stays small.
    UsedFormToken.objects.filter(user=user, used_at__lt=timezone.now() - KEEP_FOR).delete()
