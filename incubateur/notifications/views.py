from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from incubateur.notifications.forms import EmailPreferenceForm
from incubateur.notifications.message import user_from_unsubscribe_token
from incubateur.notifications.models import EmailPreference


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    preference = EmailPreference.objects.filter(user=request.user).first() or EmailPreference(
        user=request.user
    )
    # Not `request.POST or None`: unticking the only box posts nothing.
    data = request.POST if request.method == "POST" else None
    form = EmailPreferenceForm(data, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos préférences de courriels sont enregistrées."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# The signed token is the credential: mail clients post here without a session or a CSRF
# token (RFC 8058 one-click unsubscribe). A GET only asks: mail gateways open links.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    user = user_from_unsubscribe_token(token)
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    done = request.method == "POST"
    if done:
        EmailPreference.set_digest(user, False)
    return render(request, "notifications/unsubscribe.html", {"done": done, "email": user.email})
