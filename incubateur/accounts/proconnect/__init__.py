"""ProConnect, the state's single sign-on for public agents, as an allauth provider.

ProConnect is plain OpenID Connect with three differences that allauth's generic provider
does not handle: the userinfo endpoint answers a signed JWT (not JSON), `state` and `nonce`
must be at least 32 characters, and the surname comes as `usual_name`.

allauth's generic login and callback views build the generic adapter whatever the
provider class, so this provider brings its own views (`views.py`, `urls.py`).
"""
