"""ProConnect's login and callback views."""

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.http import Http404

from incubateur.accounts.proconnect.adapter import ProConnectOAuth2Adapter


def _adapter_view(view_class, request, provider_id):
    try:
        adapter = ProConnectOAuth2Adapter(request, provider_id)
        return view_class.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist as exception:
        raise Http404 from exception


@login_not_required
def login(request, provider_id):
    return _adapter_view(OAuth2LoginView, request, provider_id)


@login_not_required
def callback(request, provider_id):
    return _adapter_view(OAuth2CallbackView, request, provider_id)
