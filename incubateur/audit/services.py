"""Write the audit trail. Services call `record` inside their transaction, once the
change has succeeded, so that a refused or failed change leaves no event."""

from django.contrib.contenttypes.models import ContentType
from django.utils.text import Truncator, capfirst

from incubateur.audit.models import AuditEvent

Action = AuditEvent.Action

TITLE_LENGTH = 80


def record(
    *, actor, action: str, target=None, programme=None, collectivity=None, changes=None
) -> AuditEvent:
    """One INSERT (content types are cached), plus the reads of whatever the target's
    label needs and is not loaded yet. The programme is the target's unless given."""
    if programme is None and target is not None:
        programme_id = _programme_id(target)
    else:
        programme_id = programme.pk if programme is not None else None
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        target_label=target_label(target)[:255],
        programme_id=programme_id,
        collectivity=collectivity,
        changes=changes or {},
    )


def target_label(target) -> str:
    """A short description of the target, e.g. `Problème n° 12 « Rendez-vous… »`: its
    kind, its number and what it belongs to, with the titles of problems and the names of
    programmes and collectivités; never a person's name."""
    if target is None:
        return ""
    opts = target._meta
    if opts.label in {"programmes.Programme", "programmes.Collectivity"}:
        return f"{capfirst(opts.verbose_name)} « {target.name} »"
    if opts.label == "intrapreneurs.ProblemSubmission":
        return f"Problème n° {target.pk} « {_title(target.title)} »"
    label = f"{capfirst(opts.verbose_name)} n° {target.pk}"
    if opts.label == "investigations.Investigation":
        return f"{label} « {_title(target.submission.title)} »"
    if getattr(target, "week", None):
        label = f"{label}, semaine {target.week}"
    for context in ("investigation", "submission", "session", "log", "collectivity", "programme"):
        if getattr(target, f"{context}_id", None):
            related = getattr(target, context)
            return f"{label} — {target_label(related)}"
    return label


def _title(title: str) -> str:
    return Truncator(title).chars(TITLE_LENGTH)


def _programme_id(target) -> int | None:
    if target._meta.label == "programmes.Programme":
        return target.pk
    if hasattr(target, "programme_id"):
        return target.programme_id
    for context in ("investigation", "submission", "session", "log"):
        if getattr(target, f"{context}_id", None):
            return _programme_id(getattr(target, context))
    return None


def changed_fields(instance) -> list[str]:
    """The names of the editable fields whose value differs from the stored row (one
    query), to call before saving an edited record; none for a new one."""
    if instance.pk is None:
        return []
    fields = [
        field
        for field in instance._meta.concrete_fields
        if field.editable and not field.primary_key
    ]
    stored = (
        type(instance)
        ._base_manager.filter(pk=instance.pk)
        .values(*(field.attname for field in fields))
        .first()
    )
    if stored is None:
        return []
    return [
        field.name for field in fields if stored[field.attname] != getattr(instance, field.attname)
    ]


def record_membership_saved(*, by, membership, previous_role: str | None, created: bool):
    """A membership created, or its role changed, outside the application's services
    (the Django admin)."""
    if created:
        action, changes = Action.MEMBERSHIP_CREATED, {"role": membership.role, "via": "admin"}
    elif previous_role != membership.role:
        action, changes = Action.MEMBERSHIP_ROLE_CHANGED, {"role": [previous_role, membership.role]}
    else:
        return
    changes["user"] = membership.user_id
    record(
        actor=by,
        action=action,
        target=membership,
        collectivity=membership.collectivity,
        changes=changes,
    )


def record_membership_removed(*, by, membership):
    """Before the membership's row goes: the event keeps its number and collectivité."""
    record(
        actor=by,
        action=Action.MEMBERSHIP_REMOVED,
        target=membership,
        collectivity=membership.collectivity,
        changes={"role": membership.role, "user": membership.user_id},
    )


def record_admin_rights(*, by, user, was_admin: bool):
    """A user's staff flag (ANCT admin rights) changed in the Django admin."""
    if user.is_staff == was_admin:
        return
    record(
        actor=by,
        action=Action.USER_ADMIN_GRANTED if user.is_staff else Action.USER_ADMIN_REVOKED,
        target=user,
        changes={"is_staff": [was_admin, user.is_staff]},
    )


def record_programme_team(*, by, programme, previous: dict):
    """Who coaches and designs a programme sees all of it: a change of either is a role
    change. `previous` holds the `coach_id` and `designer_id` before the change."""
    changes = {
        role: [previous.get(f"{role}_id"), getattr(programme, f"{role}_id")]
        for role in ("coach", "designer")
        if previous.get(f"{role}_id") != getattr(programme, f"{role}_id")
    }
    if changes:
        record(actor=by, action=Action.PROGRAMME_TEAM_CHANGED, target=programme, changes=changes)
