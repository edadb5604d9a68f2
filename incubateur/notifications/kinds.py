"""Every kind of notification and what it takes to send it (see Notification.Kind)."""

import datetime

from incubateur.notifications.check_ins import CheckInMessage, CheckInReminderMessage
from incubateur.notifications.digest import DigestMessage
from incubateur.notifications.message import Due, Message
from incubateur.notifications.reminders import (
    CallClosingMessage,
    CoachAlertMessage,
    SessionReminderMessage,
    SessionSecondReminderMessage,
)
from incubateur.notifications.retention import PeopleMetPurgeDueMessage
from incubateur.notifications.transactional import (
    CallClosedMessage,
    CandidacyDecisionMessage,
    CommentMessage,
    HelpRequestMessage,
    InvitationMessage,
    LogReopenedMessage,
    ReportReadyMessage,
    SubmissionDecisionMessage,
    SubmissionReceiptMessage,
)
from incubateur.privacy.emails import InactivityWarningMessage

MESSAGES: dict[str, Message] = {
    message.kind: message
    for message in [
        InvitationMessage(),
        SubmissionReceiptMessage(),
        SubmissionDecisionMessage(),
        CandidacyDecisionMessage(),
        CommentMessage(),
        HelpRequestMessage(),
        LogReopenedMessage(),
        ReportReadyMessage(),
        SessionReminderMessage(),
        SessionSecondReminderMessage(),
        CoachAlertMessage(),
        CallClosingMessage(),
        CallClosedMessage(),
        DigestMessage(),
        InactivityWarningMessage(),
        CheckInMessage(),
        CheckInReminderMessage(),
        PeopleMetPurgeDueMessage(),
    ]
}


def due_at(now: datetime.datetime) -> list[Due]:
    """Every scheduled notification that must exist at `now`."""
    return [due for message in MESSAGES.values() for due in message.due(now)]
