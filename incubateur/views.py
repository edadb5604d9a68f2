from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from incubateur.access import roles_of
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
    programmes = (
        Programme.objects.visible_to(user)
        .prefetch_related("collectivities")
        .select_related("coach", "designer")
    )
    return render(request, "incubateur/home.html", {"roles": roles, "programmes": programmes})
