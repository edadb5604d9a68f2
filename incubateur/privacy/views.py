from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from incubateur.privacy.export import user_data_export
from incubateur.privacy.forms import AccountDeletionForm
from incubateur.privacy.periods import describe_days
from incubateur.privacy.services import (
    AnonymisationRefused,
    anonymisation_refusal,
    user_anonymise,
)


@require_GET
def policy(request):
    """The public page "Données personnelles": its retention periods are the settings'."""
    context = {
        "inactivity": describe_days(settings.RGPD_INACTIVITY_DAYS),
        "warning": describe_days(settings.RGPD_WARNING_DAYS),
        "people_met": describe_days(settings.PEOPLE_MET_RETENTION_DAYS),
    }
    return render(request, "incubateur/legal/donnees_personnelles.html", context)


@login_required
@require_GET
def my_data(request):
    return render(request, "privacy/my_data.html")


@login_required
@require_GET
@never_cache
def download(request):
    response = JsonResponse(
        user_data_export(request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    filename = f"mes-donnees-investigations-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    form = AccountDeletionForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            user_anonymise(user, reason="request", by=user)
        except AnonymisationRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Votre compte a été supprimé : vos nom, prénom et adresse électronique sont "
                    "effacés. Ce que vous avez écrit reste à votre collectivité, sous la "
                    "mention « Personne anonymisée »."
                ),
            )
            return redirect("landing")
    context = {"form": form, "refusal": anonymisation_refusal(user)}
    return render(request, "privacy/delete_account.html", context)
