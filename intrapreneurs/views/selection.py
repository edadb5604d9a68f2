"""The selection committee's pages: a programme's submissions, one submission with its
reviews, status and team, and the finalisation of the selection.

Every page fetches the programme through `Programme.objects.selectable_by(user)`, so
anyone outside its committee gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from incubateur.concurrency import typed_over
from intrapreneurs import services
from intrapreneurs.forms.selection import (
    ReviewForm,
    SelectionFilterForm,
    StatusForm,
    TeamForm,
)
from intrapreneurs.forms.themes import ThemesForm
from intrapreneurs.models import ProblemSubmission, SelectionReview
from investigations import phase
from programmes.models import Programme, TransitionError

PAGE_SIZE = 50
Status = ProblemSubmission.Status

STATUS_DONE = {
    Status.SUBMITTED: gettext_lazy("« %(title)s » est remis à l’étude."),
    Status.SHORTLISTED: gettext_lazy("« %(title)s » est présélectionné."),
    Status.SELECTED: gettext_lazy("« %(title)s » est retenu."),
    Status.DECLINED: gettext_lazy(
        "« %(title)s » n’est pas retenu. Son auteur en sera informé à la finalisation de "
        "la sélection."
    ),
}


def _programme(request, slug) -> Programme:
    return get_object_or_404(Programme.objects.selectable_by(request.user), slug=slug)


def _submission(programme, pk) -> ProblemSubmission:
    return get_object_or_404(programme.submissions.submitted().with_list_related_data(), pk=pk)


def _programme_url(programme) -> str:
    return reverse("programmes:programme_detail", args=[programme.slug])


@login_required
@require_http_methods(["GET"])
@vary_on_headers("HX-Request")
def selection_list(request, slug):
    programme = _programme(request, slug)
    submissions = programme.submissions.submitted()
    services_concerned = (
        submissions.order_by("service").values_list("service", flat=True).distinct()
    )
    form = SelectionFilterForm(request.GET, services=services_concerned)
    rows = form.apply(
        submissions.with_list_related_data().annotate(
            volunteer_count=Count("volunteers", distinct=True),
            reviewed_by_me=Exists(
                SelectionReview.objects.filter(submission=OuterRef("pk"), reviewer=request.user)
            ),
        )
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "programme": programme,
        "programme_url": _programme_url(programme),
        "form": form,
        "page": page,
        "is_selecting": programme.status == Programme.Status.SELECTION,
        "selected_count": submissions.filter(status=Status.SELECTED).count(),
    }
    template = "intrapreneurs/selection/list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context)


def _render_detail(
    request,
    programme,
    submission,
    *,
    reviews=None,
    review_form=None,
    status_form=None,
    team_form=None,
    team_conflict="",
):
    """The submission's page; the forms not given are blank, the member's review form
    showing their own review."""
    if reviews is None:
        reviews = _reviews(submission)
    if review_form is None:
        review_form = ReviewForm(review=_own_review(reviews, request.user))
    is_selecting = programme.status == Programme.Status.SELECTION
    is_selected = submission.status == Status.SELECTED
    if is_selecting and is_selected and team_form is None:
        team_form = TeamForm(submission=submission, candidacies=_team_candidacies(programme))
    context = {
        "programme": programme,
        "programme_url": _programme_url(programme),
        "submission": submission,
        "attachments": submission.attachments.all(),
        "reviews": reviews,
        "team": submission.intrapreneurs.select_related("agent"),
        "is_selecting": is_selecting,
        "review_form": review_form,
        "status_form": status_form or StatusForm(submission=submission),
        "themes_form": ThemesForm(initial={"themes": submission.themes.all()}),
        "team_form": team_form,
        "team_options": team_form.options() if team_form else [],
        "team_conflict": team_conflict,
        "selected_count": programme.submissions.filter(status=Status.SELECTED).count(),
    }
    return render(request, "intrapreneurs/selection/detail.html", context)


def _team_candidacies(programme):
    return programme.candidacies.select_related("agent").prefetch_related(
        "preferred_problems", "assigned_problems"
    )


def _reviews(submission) -> list[SelectionReview]:
    return list(submission.reviews.select_related("reviewer"))


def _own_review(reviews, user) -> SelectionReview | None:
    return next((review for review in reviews if review.reviewer_id == user.pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def selection_detail(request, slug, pk):
    """The submission in full with every review; POST saves the member's own review."""
    programme = _programme(request, slug)
    submission = _submission(programme, pk)
    reviews = _reviews(submission)
    own_review = _own_review(reviews, request.user)
    if request.method == "POST":
        form = ReviewForm(request.POST, review=own_review)
        if form.is_valid():
            try:
                services.review_save(
                    submission=submission,
                    reviewer=request.user,
                    scores=form.scores,
                    comment=form.cleaned_data["comment"],
                )
            except TransitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Votre évaluation est enregistrée."))
                return redirect("intrapreneurs:selection_detail", programme.slug, submission.pk)
    else:
        form = ReviewForm(review=own_review)
    return _render_detail(request, programme, submission, reviews=reviews, review_form=form)


@login_required
@require_POST
def submission_status(request, slug, pk):
    programme = _programme(request, slug)
    submission = _submission(programme, pk)
    form = StatusForm(request.POST, submission=submission)
    if form.is_valid():
        status = form.cleaned_data["status"]
        try:
            services.submission_set_status(
                submission=submission,
                status=status,
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, STATUS_DONE[status] % {"title": submission.title})
        return redirect("intrapreneurs:selection_detail", programme.slug, submission.pk)
    return _render_detail(request, programme, submission, status_form=form)


@login_required
@require_POST
def team_assign(request, slug, pk):
    programme = _programme(request, slug)
    submission = _submission(programme, pk)
    form = TeamForm(
        request.POST,
        submission=submission,
        candidacies=_team_candidacies(programme),
    )
    if form.is_valid():
        try:
            services.intrapreneurs_assign(
                submission=submission,
                candidacies=form.cleaned_data["candidacies"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.ConcurrentEditError as error:
            # The team saved meanwhile is listed; the form keeps the boxes this member
            # ticked, over the version now shown.
            submission = _submission(programme, pk)
            form = TeamForm(
                typed_over(request.POST, submission.version),
                submission=submission,
                candidacies=_team_candidacies(programme),
            )
            return _render_detail(
                request, programme, submission, team_form=form, team_conflict=str(error)
            )
        except TransitionError as error:
            # Shown in the team section, where the referent acted, not at the page's top.
            form.add_error(None, str(error))
        else:
            messages.success(request, _("L’équipe est enregistrée."))
            url = reverse("intrapreneurs:selection_detail", args=[programme.slug, submission.pk])
            return redirect(f"{url}#equipe")
    return _render_detail(request, programme, submission, team_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def selection_finalise(request, slug):
    """GET summarises what finalising will do; POST does it."""
    programme = _programme(request, slug)
    if request.method == "POST":
        # Fewer problems than the target is possible, but only once said out loud.
        selected_count = programme.submissions.filter(status=Status.SELECTED).count()
        if 0 < selected_count < programme.target_problems and not request.POST.get("below_target"):
            messages.error(
                request,
                ngettext(
                    "Vous retenez %(count)s problème sur l’objectif de %(target)s : cochez la "
                    "case de confirmation pour finaliser quand même.",
                    "Vous retenez %(count)s problèmes sur l’objectif de %(target)s : cochez la "
                    "case de confirmation pour finaliser quand même.",
                    selected_count,
                )
                % {"count": selected_count, "target": programme.target_problems},
            )
            return redirect("intrapreneurs:selection_finalise", programme.slug)
        try:
            investigations = phase.selection_finalise(programme=programme, by=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("intrapreneurs:selection_finalise", programme.slug)
        messages.success(
            request,
            ngettext(
                "La sélection est finalisée : %(count)d investigation est lancée. Les "
                "déposants et les volontaires reçoivent la décision par courriel.",
                "La sélection est finalisée : %(count)d investigations sont lancées. Les "
                "déposants et les volontaires reçoivent la décision par courriel.",
                len(investigations),
            )
            % {"count": len(investigations)},
        )
        return redirect(_programme_url(programme))

    submissions = programme.submissions.submitted().select_related("author")
    candidacies = programme.candidacies.select_related("agent").prefetch_related(
        "assigned_problems"
    )
    context = {
        "programme": programme,
        "programme_url": _programme_url(programme),
        "is_selecting": programme.status == Programme.Status.SELECTION,
        "selected": submissions.filter(status=Status.SELECTED).prefetch_related(
            "intrapreneurs__agent"
        ),
        "to_decline": submissions.filter(status__in=[Status.SUBMITTED, Status.SHORTLISTED]),
        "declined": submissions.filter(status=Status.DECLINED),
        "candidacies": candidacies,
        # A session that is not on the programme's weekday was moved by a public holiday.
        "sessions": [
            (week, date, date.weekday() != programme.weekday)
            for week, date in enumerate(programme.session_dates(), start=1)
        ],
    }
    return render(request, "intrapreneurs/selection/finalise.html", context)
