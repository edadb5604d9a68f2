"""Who holds which role. Roles are per object (DESIGN.md): this module answers which
roles a user holds somewhere, for navigation and home pages; querysets such as
`Programme.objects.visible_to(user)` decide which objects they may see."""

from dataclasses import dataclass

from programmes.models import Membership, Programme


@dataclass(frozen=True)
class Roles:
    is_admin: bool = False
    is_coach: bool = False
    is_designer: bool = False
    is_referent: bool = False
    is_agent: bool = False

    @property
    def follows_programmes(self) -> bool:
        return self.is_coach or self.is_designer

    @property
    def has_any(self) -> bool:
        return self.is_admin or self.follows_programmes or self.is_referent or self.is_agent


def roles_of(user) -> Roles:
    """The roles a user holds, computed once per user object (two queries)."""
    if not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_roles", None)
    if cached is None:
        membership_roles = set(
            Membership.objects.filter(user=user).values_list("role", flat=True).distinct()
        )
        followed = list(Programme.objects.followed_by(user).values_list("coach_id", "designer_id"))
        cached = Roles(
            is_admin=user.is_admin,
            is_coach=any(coach_id == user.pk for coach_id, _ in followed),
            is_designer=any(designer_id == user.pk for _, designer_id in followed),
            is_referent=Membership.Role.REFERENT in membership_roles,
            is_agent=Membership.Role.AGENT in membership_roles,
        )
        user._roles = cached
    return cached
