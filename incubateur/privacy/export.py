"""Everything the platform holds about one person, as a JSON-ready dict (RGPD right of
access and portability). One query per section, whatever the volume. Each app declares
its sections (incubateur/privacy/registry.py); their positions give the file's order."""

from allauth.account.models import EmailAddress
from django.utils import timezone

from incubateur.privacy.registry import Subject, registry
from incubateur.privacy.services import addressed_to

FORMAT_VERSION = 1


def user_data_export(user) -> dict:
    addresses = tuple(EmailAddress.objects.filter(user=user).order_by("email"))
    # Invitations and emails sent to an address link to the person only once they have
    # proved they receive it: anyone may type someone else's address on their account.
    same_address = addressed_to(
        sorted({address.email.lower() for address in addresses if address.verified})
    )
    subject = Subject(user=user, same_address=same_address, email_addresses=addresses)
    data = {"format": FORMAT_VERSION, "generated_at": timezone.now()}
    for section in registry.sections():
        data[section.name] = section.run(subject)
    return data
