from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from incubateur.accounts.forms import ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """*Mon compte*'s first page: the person's name, as shown to others and in reports."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre nom est enregistré."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
