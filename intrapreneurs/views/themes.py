"""The selection committee corrects the themes an agent chose for a submission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intrapreneurs import services
from intrapreneurs.forms.themes import ThemesForm
from intrapreneurs.views.selection import _programme, _submission
from programmes.models import TransitionError


@login_required
@require_POST
def submission_themes(request, slug, pk):
    programme = _programme(request, slug)
    submission = _submission(programme, pk)
    form = ThemesForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["themes"]))
        return redirect("intrapreneurs:selection_detail", programme.slug, submission.pk)
    try:
        services.submission_set_themes(
            submission=submission, themes=form.cleaned_data["themes"], by=request.user
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Les thématiques sont enregistrées."))
    return redirect("intrapreneurs:selection_detail", programme.slug, submission.pk)
