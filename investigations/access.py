"""Who may do what with an investigation and its follow-up. Built on the programme rules
(programmes/access.py): an investigation's ANCT team is its programme's. Views and templates
ask this module rather than checking roles themselves; tests/security/ walks every URL for
every role against its policy."""

from programmes.access import follows_programme, is_admin


def follows_investigation(user, investigation) -> bool:
    """The ANCT team of its programme (coach, designer) and admins: they comment, record
    attendance and milestones, reopen logs, fill the committee grid, read private notes."""
    return follows_programme(user, investigation.programme)


def follow_up_permissions(user, investigation) -> dict[str, bool]:
    """What the follow-up fragments (comments, attendance, log actions) let this user do
    on the investigation, for their templates; no query once its team is prefetched."""
    follows = follows_investigation(user, investigation)
    return {
        "can_comment": follows or is_team_member(user, investigation),
        "can_comment_privately": follows,
        "can_record": follows,
        "can_follow": follows,
    }


def is_team_member(user, investigation) -> bool:
    """The intrapreneurs of its team: they write its logs, hypotheses and conclusion.
    From the prefetched team when there is one: no query."""
    if not user.is_authenticated:
        return False
    memberships = investigation.team_memberships
    if "team_memberships" in getattr(investigation, "_prefetched_objects_cache", {}):
        return any(membership.user_id == user.pk for membership in memberships.all())
    return memberships.filter(user=user).exists()


def can_edit_fiche(user, investigation) -> bool:
    """The fiche problème is the team's own text, written from week 1."""
    return is_team_member(user, investigation)


def can_publish_fiche(user, investigation) -> bool:
    """Publish or unpublish the fiche problème: the programme's coach and admins."""
    return is_admin(user) or (user.is_authenticated and user.pk == investigation.programme.coach_id)
