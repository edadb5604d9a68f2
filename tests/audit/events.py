"""Reading the audit trail in tests."""

from incubateur.audit.models import AuditEvent


def one_event(**filters) -> AuditEvent:
    """The only event (of those matching `filters`); fails if there are none or several."""
    events = list(AuditEvent.objects.filter(**filters))
    assert len(events) == 1, [(event.action, event.target_label) for event in events]
    return events[0]


def recorded(event) -> tuple:
    """What an event says, to compare in one assertion."""
    return (event.actor, event.action, event.target, event.programme)
