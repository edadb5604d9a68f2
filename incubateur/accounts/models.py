from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def inactive_since(self, moment):
        """Accounts not anonymised whose last activity (last login, or sign-up for those
        who never logged in) is older than `moment`."""
        return self.filter(anonymised_at__isnull=True).filter(
            Q(last_login__lt=moment) | Q(last_login__isnull=True, date_joined__lt=moment)
        )

    def warned_of_inactivity(self):
        """Accounts warned of their coming anonymisation that have not logged in since."""
        return self.filter(anonymised_at__isnull=True, inactivity_warned_at__isnull=False).filter(
            Q(last_login__isnull=True) | Q(last_login__lte=models.F("inactivity_warned_at"))
        )


class User(AbstractUser):
    """A person who signs in with their email address (password or ProConnect).

    ANCT admins are staff users; every other role (coach, designer, referent, agent,
    intrapreneur) is held per object, through programmes, memberships and teams.
    """

    username = None
    email = models.EmailField(_("adresse électronique"), unique=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    # RGPD: set when the person's identity is erased (on request or after inactivity);
    # what they wrote stays, shown as written by "Personne anonymisée".
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)
    # When the retention command warned of the coming anonymisation; a later login cancels it.
    inactivity_warned_at = models.DateTimeField(
        _("averti de son inactivité le"), null=True, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """How the person appears wherever their name is shown."""
        if self.anonymised_at:
            return gettext("Personne anonymisée")
        return self.get_full_name() or self.email

    def verified_emails(self) -> list[str]:
        """The addresses this person proved they receive (confirmed by a link, or given by
        ProConnect), in lower case. Only these may link them to anything sent or granted to
        an address: an address merely typed at « Adresses électroniques » proves nothing."""
        return sorted(
            {
                email.lower()
                for email in self.emailaddress_set.filter(verified=True).values_list(
                    "email", flat=True
                )
            }
        )

    @property
    def is_admin(self) -> bool:
        """ANCT Incubateur staff: they may see and do everything."""
        return self.is_active and self.is_staff
