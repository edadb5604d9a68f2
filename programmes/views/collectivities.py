from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from incubateur.concurrency import ConcurrentEditError, typed_over
from incubateur.formtokens.services import AlreadySubmitted, posted_form_token
from incubateur.ratelimits import TOO_MANY_ATTEMPTS, limit_posts
from programmes import access, services
from programmes.forms import CollectivityForm, EmailDomainFormSet, InvitationForm
from programmes.models import Collectivity, Invitation, Programme, TransitionError


def managed_collectivity_or_404(user, pk):
    # Other tenants' collectivités, and those of which the user is only an agent, do not
    # exist for them.
    return get_object_or_404(Collectivity.objects.managed_by(user), pk=pk)


@login_required
@require_http_methods(["GET"])
def collectivity_list(request):
    user = request.user
    collectivities = (
        Collectivity.objects.managed_by(user)
        .annotate(member_count=Count("memberships"))
        .prefetch_related("email_domains")
    )
    # Admins and referents, as in the menu; the list is then theirs to see.
    if not access.roles_of(user).manages_collectivities:
        raise PermissionDenied
    return render(
        request,
        "programmes/collectivity_list.html",
        {"collectivities": collectivities, "can_create": access.is_admin(user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def collectivity_create(request):
    if not access.is_admin(request.user):
        raise PermissionDenied
    return _collectivity_form(request, Collectivity())


@require_http_methods(["GET", "POST"])
@login_required
def collectivity_update(request, pk):
    collectivity = managed_collectivity_or_404(request.user, pk)
    if not access.can_update_collectivity(request.user, collectivity):
        raise PermissionDenied
    return _collectivity_form(request, collectivity)


def _collectivity_form(request, collectivity):
    creating = collectivity.pk is None
    data = request.POST if request.method == "POST" else None
    if data is not None and not creating:
        data = _domains_over(data, collectivity)
    form, formset = _collectivity_forms(collectivity, data)
    context = {"collectivity": collectivity, "creating": creating}
    # Validate both so that every error shows at once.
    if data is not None and all([form.is_valid(), formset.is_valid()]):
        try:
            collectivity = services.collectivity_save(
                collectivity=form.instance,
                domains=formset,
                expected_version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as error:
            # What was typed, over the version saved meanwhile, which the page shows too.
            current = Collectivity.objects.prefetch_related("email_domains").get(pk=collectivity.pk)
            data = _domains_over(typed_over(data, current.version), current)
            form, formset = _collectivity_forms(Collectivity.objects.get(pk=current.pk), data)
            context.update(collectivity=current, conflict=str(error))
        else:
            if creating:
                messages.success(request, _("La collectivité a été créée."))
            else:
                messages.success(request, _("La collectivité a été modifiée."))
            return redirect("programmes:collectivity_detail", pk=collectivity.pk)
    context.update(form=form, formset=formset)
    return render(request, "programmes/collectivity_form.html", context)


DOMAINS_PREFIX = "domaines"


def _collectivity_forms(collectivity, data=None):
    return (
        CollectivityForm(data, instance=collectivity),
        EmailDomainFormSet(data, instance=collectivity, prefix=DOMAINS_PREFIX),
    )


def _domains_over(data, collectivity):
    """The posted domain rows, over the collectivité's current domains: a row whose
    domain was deleted meanwhile becomes a new row, or goes if it was to be deleted too.
    Django would refuse its id on every post, leaving the user stuck; this way the
    version check reports the concurrent edit instead."""
    prefix = DOMAINS_PREFIX
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", "")), EmailDomainFormSet.absolute_max)
    except ValueError:
        return data
    existing = {str(pk) for pk in collectivity.email_domains.values_list("pk", flat=True)}
    kept, added = [], []
    for index in range(total):
        row = {
            key.removeprefix(f"{prefix}-{index}-"): value
            for key, value in data.lists()
            if key.startswith(f"{prefix}-{index}-")
        }
        row_id = (row.get("id") or [""])[-1]
        if row_id in existing:
            kept.append(row)
        elif not row_id or not row.get("DELETE"):
            row.pop("id", None)
            row.pop("DELETE", None)
            added.append(row)
    rows = data.copy()
    for key in list(rows):
        if key.startswith(f"{prefix}-") and not key.endswith("_FORMS"):
            del rows[key]
    for index, row in enumerate(kept + added):
        for name, values in row.items():
            rows.setlist(f"{prefix}-{index}-{name}", values)
    rows[f"{prefix}-INITIAL_FORMS"] = str(len(kept))
    rows[f"{prefix}-TOTAL_FORMS"] = str(len(kept) + len(added))
    return rows


@login_required
@require_http_methods(["GET"])
def collectivity_detail(request, pk):
    collectivity = managed_collectivity_or_404(request.user, pk)
    return _render_detail(request, collectivity, InvitationForm(collectivity=collectivity))


@login_required
@require_POST
@limit_posts(
    "invitations", user="RATE_LIMIT_INVITATIONS_PER_USER", ip="RATE_LIMIT_INVITATIONS_PER_IP"
)
def invitation_create(request, pk):
    # managed_by() is can_manage_collectivity() as a queryset: admins and its referents.
    # Referents may invite agents and other referents of their own collectivité.
    collectivity = managed_collectivity_or_404(request.user, pk)
    form = InvitationForm(request.POST, collectivity=collectivity)
    if request.limited:
        # Each invitation sends an email: a flood would spam its recipients.
        form.add_error(None, TOO_MANY_ATTEMPTS)
        return _render_detail(request, collectivity, form, status=429)
    if not form.is_valid():
        return _render_detail(request, collectivity, form)
    try:
        invitation = services.invitation_send(
            collectivity=collectivity,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            by=request.user,
            form_token=posted_form_token(request.POST),
        )
    except AlreadySubmitted as error:
        messages.info(request, str(error))
        return redirect("programmes:collectivity_detail", pk=collectivity.pk)
    messages.success(
        request,
        _("Une invitation a été envoyée à %(email)s. Le lien est valable %(days)s jours.")
        % {"email": invitation.email, "days": Invitation.VALIDITY.days},
    )
    return redirect("programmes:collectivity_detail", pk=collectivity.pk)


@login_required
@require_POST
def invitation_cancel(request, pk, invitation_pk):
    collectivity = managed_collectivity_or_404(request.user, pk)
    invitation = get_object_or_404(collectivity.invitations, pk=invitation_pk)
    try:
        services.invitation_cancel(invitation=invitation, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("L’invitation de %(email)s est annulée : son lien ne fonctionne plus.")
            % {"email": invitation.email},
        )
    return redirect("programmes:collectivity_detail", pk=collectivity.pk)


def _render_detail(request, collectivity, invitation_form, status=200):
    # Referents first ("referent" sorts after "agent").
    memberships = collectivity.memberships.select_related("user").order_by(
        "-role", "user__last_name", "user__first_name", "user__email"
    )
    context = {
        "collectivity": collectivity,
        "memberships": memberships,
        "domains": collectivity.email_domains.all(),
        "invitations": collectivity.invitations.usable().select_related("invited_by"),
        "programmes": Programme.objects.visible_to(request.user).filter(
            collectivities=collectivity
        ),
        "invitation_form": invitation_form,
        "invitation_days": Invitation.VALIDITY.days,
        "can_update": access.can_update_collectivity(request.user, collectivity),
    }
    return render(request, "programmes/collectivity_detail.html", context, status=status)
