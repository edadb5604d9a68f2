"""Someone invited by email creates their account: they give their name, confirm their
address, come back to the invitation, accept it, and can change their name later."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.programmes.factories import InvitationFactory

EMAIL = "nadia.benali@lehavre.fr"
PASSWORD = "un mot de passe solide"


def test_invited_person_signs_up_with_a_name_and_returns_to_the_invitation(
    page, live_server, mailoutbox
):
    invitation = InvitationFactory(email=EMAIL, collectivity__name="Le Havre")
    invitation_url = reverse("programmes:invitation_accept", args=[invitation.token])

    page.goto(invitation_url)
    page.get_by_role("link", name="Créer un compte").click()
    page.get_by_label("Prénom").fill("Nadia")
    page.get_by_label("Nom", exact=True).fill("Benali")
    expect(page.get_by_label("Adresse électronique", exact=True)).to_have_value(EMAIL)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Mot de passe \(")).fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/comptes/confirm-email/")

    link = re.search(r"/comptes/confirm-email/[^/\s]+/", mailoutbox[-1].body).group()
    page.goto(link)
    page.get_by_role("button", name="Confirmer mon adresse").click()

    page.wait_for_url(f"**{invitation_url}")
    expect(page.locator("#utilisateur-connecte")).to_have_text("Nadia Benali")
    page.get_by_role("button", name="Accepter").click()
    page.wait_for_url("**/accueil/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Nadia")

    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")
    page.get_by_label("Nom", exact=True).fill("Benali-Martin")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Votre nom est enregistré.")).to_be_visible()
    expect(page.locator("#utilisateur-connecte")).to_have_text("Nadia Benali-Martin")
