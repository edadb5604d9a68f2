"""The investigations' emails, registered with incubateur.notifications.registry when the
notifications app imports this package: comments, help requests and reopened logs
(`actions`), the weekly log reminders and the coach's alert (`reminders`), the check-ins
after the committee (`check_ins`), the people-met purge due (`retention`) and the
investigations' part of the Monday digest (`digest`)."""

from investigations.notifications import actions, check_ins, digest, reminders, retention

__all__ = ["actions", "check_ins", "digest", "reminders", "retention"]
