from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from programmes import services
from programmes.models import Invitation, TransitionError


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The page the invitation email links to. Anyone holding the link may read it; accepting
    takes an account, which the page helps to open or create first."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("collectivity", "invited_by"), token=token
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            membership = services.invitation_accept(invitation=invitation, user=request.user)
        except TransitionError:
            # Used or expired in the meantime: the page below explains it.
            invitation.refresh_from_db()
        else:
            messages.success(
                request,
                _("Vous avez rejoint %(collectivity)s %(as_role)s.")
                % {"collectivity": invitation.collectivity.name, "as_role": membership.role_phrase},
            )
            return redirect("home")
    return render(
        request,
        "programmes/invitation_accept.html",
        {"invitation": invitation},
        # Gone: the link existed but can no longer be used.
        status=200 if invitation.is_usable else 410,
    )
