"""Who may see and do what. Roles are per object (DESIGN.md): this module answers which
roles a user holds somewhere (for navigation and home pages) and what they may do with
one programme or collectivité; investigations/access.py does the same for investigations
and the search. Querysets such as `Programme.objects.visible_to(user)` decide which
objects they may see. Views and templates ask these modules rather than checking roles
themselves; tests/security/ walks every URL for every role against its policy."""

from dataclasses import dataclass

from programmes.models import Membership, Programme


@dataclass(frozen=True)
class Roles:
    is_admin: bool = False
    is_coach: bool = False
    is_designer: bool = False
    is_referent: bool = False
    is_agent: bool = False
    is_intrapreneur: bool = False

    @property
    def follows_programmes(self) -> bool:
        return self.is_coach or self.is_designer

    @property
    def has_any(self) -> bool:
        return self.is_admin or self.follows_programmes or self.is_referent or self.is_agent

    @property
    def manages_collectivities(self) -> bool:
        return self.is_admin or self.is_referent


def roles_of(user) -> Roles:
    """The roles a user holds, computed once per user object (three queries)."""
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
            is_intrapreneur=user.team_memberships.exists(),
        )
        user._roles = cached
    return cached


# Who may do what, per object. Views and templates ask these; lists and detail pages
# fetch through the `visible_to` / `selectable_by` querysets so that other tenants' objects
# answer 404.


class ProgrammeAccess:
    """Per-programme roles of one user for a whole list, from two queries, so that a list
    of programmes can show each row's actions without a query per row. The programmes'
    collectivités must be prefetched."""

    def __init__(self, user):
        self.user = user
        memberships = list(
            Membership.objects.filter(user=user).values_list("collectivity_id", "role")
        )
        self.member_of = {collectivity for collectivity, _role in memberships}
        self.referent_of = {
            collectivity for collectivity, role in memberships if role == Membership.Role.REFERENT
        }

    def _collectivity_ids(self, programme) -> set[int]:
        return {collectivity.pk for collectivity in programme.collectivities.all()}

    def is_member(self, programme) -> bool:
        return bool(self.member_of & self._collectivity_ids(programme))

    def on_committee(self, programme) -> bool:
        if follows_programme(self.user, programme):
            return True
        return bool(self.referent_of & self._collectivity_ids(programme))


def is_admin(user) -> bool:
    """ANCT Incubateur staff, who may see and do everything (DESIGN.md). They alone create
    collectivités and programmes, see the national dashboard and export every programme:
    those pages name no tenant's object, so others get a 403."""
    return user.is_authenticated and user.is_admin


def can_update_programme(user, programme) -> bool:
    """Edit a programme (its dates, collectivités, coach and designer): admins."""
    return is_admin(user)


def can_close_programme(user, programme) -> bool:
    """Close the programme after its last session, which freezes its investigations:
    admins."""
    return is_admin(user)


def can_update_collectivity(user, collectivity) -> bool:
    """Edit a collectivité (name, SIREN, email domains): admins. Its referents see its
    page and invite its members (can_manage_collectivity), they do not edit it."""
    return is_admin(user)


def follows_programme(user, programme) -> bool:
    """The ANCT team of the programme (its coach and designer) and admins."""
    return is_admin(user) or (
        user.is_authenticated and user.pk in (programme.coach_id, programme.designer_id)
    )


def is_referent_of_programme(user, programme) -> bool:
    return Membership.objects.filter(
        user=user,
        role=Membership.Role.REFERENT,
        collectivity__in=programme.collectivities.all(),
    ).exists()


def can_manage_call(user, programme) -> bool:
    """Open and close the call: admins and the referents of its collectivités."""
    return is_admin(user) or (user.is_authenticated and is_referent_of_programme(user, programme))


def is_on_selection_committee(user, programme) -> bool:
    """Score, shortlist, select, assign and finalise: admins, the programme's coach and
    designer, and the referents of its collectivités."""
    if follows_programme(user, programme):
        return True
    return user.is_authenticated and is_referent_of_programme(user, programme)


def can_export_programme(user, programme) -> bool:
    """Download the programme's CSV exports: whoever sees its selection and its results
    as a whole (Programme.objects.selectable_by), not its agents nor its intrapreneurs."""
    return is_on_selection_committee(user, programme)


def can_manage_collectivity(user, collectivity) -> bool:
    """Invite members and see them: admins and the collectivité's referents."""
    if not user.is_authenticated:
        return False
    return (
        is_admin(user)
        or Membership.objects.filter(
            user=user, collectivity=collectivity, role=Membership.Role.REFERENT
        ).exists()
    )


def can_take_part_in_call(user, programme) -> bool:
    """Agents (and referents) of one of the programme's collectivités."""
    return (
        user.is_authenticated
        and Membership.objects.filter(
            user=user, collectivity__in=programme.collectivities.all()
        ).exists()
    )
