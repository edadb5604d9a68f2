"""Helpers of the follow-up fragments, so that the pages including them only pass the
objects they already loaded."""

from django import template

from investigations.forms.follow_up import CommentForm
from investigations.models import Attendance

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_form_for(context, log, private_allowed):
    """The comment form of this fragment: the bound one the comment view rendered with
    its errors, else an empty one."""
    if context.get("comment_form") and not context.get("replying_to"):
        return context["comment_form"]
    return CommentForm(log=log, private_allowed=private_allowed)


@register.simple_tag(takes_context=True)
def reply_form_for(context, comment):
    """The reply form under `comment`: the bound one the comment view rendered with its
    errors when it answered this comment, else an empty one."""
    if context.get("replying_to") == comment.pk:
        return context["comment_form"]
    return CommentForm(reply_to=comment, private_allowed=False)


@register.filter
def attendance_of(session, user):
    """The user's attendance at the session, from `session.attendances` (prefetch it)."""
    return next((a for a in session.attendances.all() if a.user_id == user.pk), None)


@register.simple_tag
def attendance_choices():
    return Attendance.Status.choices
