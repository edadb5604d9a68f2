"""allauth's pages, messages and emails use our glossary's words: the address is the
« adresse électronique », never « e-mail » nor, as a field label, « Courriel »."""

import re

from django.urls import reverse

from tests.accounts.test_signup import confirmation_path, sign_up

ALLAUTH_WORDS = re.compile(r"(?i)\be-?mail\b|>\s*Courriel\s*<")


def _text(response) -> str:
    return response.content.decode()


def test_sign_up_confirmation_and_login_say_adresse_electronique(client, mailoutbox):
    pages = [client.get(reverse(name)) for name in ["account_login", "account_signup"]]
    sign_up(client)
    pages.append(client.get(reverse("account_email_verification_sent")))
    pages.append(client.post(confirmation_path(mailoutbox[0].body), follow=True))
    client.logout()
    pages.append(client.post(reverse("account_login"), {"login": "x@y.fr", "password": "z"}))

    for page in pages[:2]:
        assert 'for="id_login">' in _text(page) or 'for="id_email">' in _text(page)
        assert "Adresse électronique" in _text(page)
    for page in pages:
        # Markup and links aside, the words people read.
        visible = re.sub(r"<[^>]+>", " ", _text(page))
        assert not ALLAUTH_WORDS.search(visible), ALLAUTH_WORDS.search(visible)
    email = mailoutbox[0]
    assert "adresse électronique" in email.subject + email.body
    assert not ALLAUTH_WORDS.search(re.sub(r"https?://\S+", "", email.subject + email.body))
