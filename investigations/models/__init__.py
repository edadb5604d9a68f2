"""The investigation phase, by flow: the investigation itself and its calendar (core), the
weekly logs (logs), the hypotheses, the coaches' follow-up (follow_up) and the outcome
(committee review and conclusion)."""

from investigations.models.check_ins import CheckInAnswer
from investigations.models.core import (
    Attendance,
    Investigation,
    Milestone,
    TeamMembership,
    WeeklySession,
)
from investigations.models.fiche import Fiche, FicheFigure, FicheRevision
from investigations.models.follow_up import Comment
from investigations.models.hypotheses import Hypothesis, HypothesisChange
from investigations.models.logs import LogAttachment, LogFigure, WeeklyLog
from investigations.models.next_step import NextStep
from investigations.models.outcome import (
    CommitteeReview,
    Conclusion,
    ConclusionFigure,
    Proposal,
)
from investigations.models.retention import PeopleMetPurge

__all__ = [
    "Attendance",
    "CheckInAnswer",
    "Comment",
    "CommitteeReview",
    "Conclusion",
    "ConclusionFigure",
    "Fiche",
    "FicheFigure",
    "FicheRevision",
    "Hypothesis",
    "HypothesisChange",
    "Investigation",
    "LogAttachment",
    "LogFigure",
    "Milestone",
    "NextStep",
    "PeopleMetPurge",
    "Proposal",
    "TeamMembership",
    "WeeklyLog",
    "WeeklySession",
]
