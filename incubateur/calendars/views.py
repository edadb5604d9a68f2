from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from incubateur.calendars.models import CalendarFeed
from investigations.calendar_entries import programme_calendar, user_calendar
from programmes.views.programmes import visible_programme_or_404


def _ics(document: bytes, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(document, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # Personal data behind a secret: no shared cache keeps it.
    response["Cache-Control"] = "private, no-store"
    return response


# The token is the credential: calendar apps fetch the feed without a session. An unknown,
# replaced or revoked token, or one of an anonymised account, answers 404.
@require_GET
def feed(request, token):
    calendar_feed = CalendarFeed.objects.usable().select_related("user").filter(token=token)
    calendar_feed = calendar_feed.first()
    if calendar_feed is None:
        raise Http404
    return _ics(user_calendar(calendar_feed.user), filename="agenda.ics", attachment=False)


@login_required
@require_GET
def programme_download(request, slug):
    programme = visible_programme_or_404(request.user, slug)
    document = programme_calendar(programme, request.user)
    return _ics(document, filename=f"{programme.slug}.ics", attachment=True)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def subscription(request):
    """Mon compte › Mon agenda: the secret link, how to subscribe, and to replace or
    delete it."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "regenerate":
            CalendarFeed.regenerate(request.user)
            messages.success(
                request,
                _(
                    "Votre nouveau lien d’agenda est prêt. L’ancien ne fonctionne plus : "
                    "abonnez vos applications au nouveau."
                ),
            )
        elif action == "revoke":
            CalendarFeed.revoke(request.user)
            messages.success(request, _("Votre lien d’agenda est supprimé."))
        else:
            messages.error(request, _("Cette action n’existe pas."))
        return redirect("calendars:subscription")
    calendar_feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = webcal_url = ""
    if calendar_feed:
        feed_url = settings.SITE_URL + reverse("calendars:feed", args=[calendar_feed.token])
        webcal_url = "webcal://" + feed_url.split("://", 1)[1]
    context = {"feed_url": feed_url, "webcal_url": webcal_url}
    return render(request, "calendars/subscription.html", context)
