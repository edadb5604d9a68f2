"""CSV downloads: one programme's data for whoever may see its selection and results, all
programmes' for admins. The rows are streamed as they are read from the database."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from incubateur.audit.services import Action, record
from programmes import access
from programmes.models import Programme
from reports import exports


def export_links(programme=None) -> list[tuple[str, str]]:
    """(label, url) of each CSV export, of one programme or of all of them."""
    if programme is None:
        return [
            (export.label, reverse("programmes:export", args=[export.kind]))
            for export in exports.EXPORTS.values()
        ]
    # A programme's page offers only the exports of the steps it has reached: no logs,
    # attendance or conclusions while its call is open.
    return [
        (export.label, reverse("programmes:programme_export", args=[programme.slug, export.kind]))
        for export in exports.EXPORTS.values()
        if programme.has_reached(export.from_status)
    ]


@login_required
@require_http_methods(["GET"])
def programme_export(request, slug, kind):
    """Programme.objects.selectable_by: admins, the coach, the designer and the referents
    of its collectivités; anyone else gets a 404, as for its dashboard."""
    programme = get_object_or_404(Programme.objects.selectable_by(request.user), slug=slug)
    return _csv_response(request, kind, [programme], programme)


@login_required
@require_http_methods(["GET"])
def export(request, kind):
    """Admins only: the URL names no tenant's object, so others get a 403."""
    if not access.is_admin(request.user):
        raise PermissionDenied
    return _csv_response(request, kind, Programme.objects.all())


def _csv_response(request, kind, programmes, programme=None):
    if kind not in exports.EXPORTS:
        raise Http404
    record(
        actor=request.user,
        action=Action.EXPORT_DOWNLOADED,
        target=programme,
        changes={"kind": kind},
    )
    response = StreamingHttpResponse(
        exports.iter_csv(kind, programmes), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        True, exports.filename(kind, programme)
    )
    return response
