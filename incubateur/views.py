from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from incubateur.access import ProgrammeAccess, roles_of
from investigations.models import Investigation
from programmes.models import Programme


@require_GET
def landing(request):
    if request.user.is_authenticated and roles_of(request.user).has_any:
        return redirect("home")
    return render(request, "incubateur/landing.html")


@require_GET
@login_required
def home(request):
    user = request.user
    roles = roles_of(user)
    if not roles.has_any:
        return render(request, "incubateur/landing.html")
    access = ProgrammeAccess(user)
    programmes = [
        {
            "programme": programme,
            "is_member": access.is_member(programme),
            "on_committee": access.on_committee(programme),
        }
        for programme in Programme.objects.visible_to(user)
        .prefetch_related("collectivities")
        .select_related("coach", "designer")
    ]
    investigations = (
        Investigation.objects.visible_to(user)
        .filter(programme__status__in=[Programme.Status.INVESTIGATION, Programme.Status.CLOSED])
        .select_related("submission", "programme")
        .order_by("programme__name", "submission__title")
    )
    if roles.is_admin:
        # National scale: admins reach investigations through each programme's page.
        investigations = investigations.none()
    elif not (roles.follows_programmes or roles.is_referent):
        investigations = investigations.filter(team_memberships__user=user)
    return render(
        request,
        "incubateur/home.html",
        {"roles": roles, "programmes": programmes, "investigations": investigations},
    )
