"""One check-in after the committee: its form for the team and the collectivité's
referents, the answers for everyone who sees the investigation, and who has not answered
for its ANCT team. Open after the programme closes: that is when it happens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from investigations import access, check_ins
from investigations.forms.check_in import CheckInAnswerForm
from investigations.models import CheckInAnswer
from investigations.models.check_ins import CHECK_IN_MONTHS
from investigations.views import investigation_or_404
from programmes.models import TransitionError

TEMPLATE = "investigations/check_in.html"


@require_http_methods(["GET", "POST"])
@login_required
def check_in(request, pk, month):
    if month not in CHECK_IN_MONTHS:
        raise Http404
    investigation = investigation_or_404(request.user, pk)
    today = timezone.localdate()
    (current,) = [c for c in check_ins.check_ins_of(investigation, today) if c.month == month] or [
        None
    ]
    may_answer = check_ins.may_answer(request.user, investigation)
    is_open = current is not None and current.is_open
    mine = CheckInAnswer.objects.filter(
        investigation=investigation, month=month, respondent=request.user
    ).first()
    context = {
        "investigation": investigation,
        "month": month,
        "check_in": current,
        "can_answer": may_answer and is_open,
        "shows_missing": access.follows_investigation(request.user, investigation),
    }
    if request.method != "POST":
        context["form"] = CheckInAnswerForm(instance=mine) if context["can_answer"] else None
        return render(request, TEMPLATE, context)
    if not may_answer:
        raise PermissionDenied
    form = CheckInAnswerForm(request.POST, instance=mine)
    context["form"] = form
    if not is_open:
        context["refused"] = _("Ce point de suivi n’est pas encore ouvert.")
        return render(request, TEMPLATE, context)
    if not form.is_valid():
        return render(request, TEMPLATE, context)
    try:
        check_ins.check_in_answer_save(
            investigation=investigation,
            month=month,
            by=request.user,
            today=today,
            **form.cleaned_data,
        )
    except TransitionError as error:
        context["refused"] = str(error)
        return render(request, TEMPLATE, context)
    messages.success(request, _("Merci : votre réponse au point de suivi est enregistrée."))
    return redirect("investigations:check_in", investigation.pk, month)
