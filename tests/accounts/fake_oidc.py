"""A fake ProConnect: a real OpenID Connect server on 127.0.0.1, for end-to-end tests.

It serves discovery, JWKS, token and userinfo over HTTP like ProConnect does (userinfo as
a signed JWT). The browser step (the authorization endpoint) is played by the test: it
hands the authorization URL our login view redirects to, with the agent who signs in, to
`authorize()`, which records the request and returns the code and state for the callback;
`sign_in_with_proconnect()` plays the whole login with Django's test client.
"""

import base64
import functools
import hashlib
import json
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "client-incubateur"
CLIENT_SECRET = "secret-incubateur"
KID = "fake-proconnect-key"

# Ways to spoil a signed token, for the tests that check we refuse it.
FOREIGN_KEY = "foreign_key"  # signed with a key that is not in the JWKS, under its kid
ALTERED_PAYLOAD = "altered_payload"  # a claim changed after signing


@functools.cache
def _signing_keys():
    """The server's key and a foreign one: made once per process (each takes a moment)."""
    return tuple(rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))


@dataclass(frozen=True)
class Agent:
    sub: str = "c9b2f0f8-9d3c-4a1e-8f5e-1f2d3c4b5a69"
    email: str = "camille.martin@lehavre.fr"
    given_name: str = "Camille"
    usual_name: str = "Martin"
    uid: str = "42"
    siret: str = "21760351300011"
    idp_id: str = "fia1v2"


@dataclass(frozen=True)
class Grant:
    agent: Agent
    userinfo_agent: Agent
    redirect_uri: str
    nonce: str
    code_challenge: str


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class FakeProConnect:
    def __init__(self):
        self.key, self.foreign_key = _signing_keys()
        self.tampered_id_token: str | None = None
        self.tampered_userinfo: str | None = None
        self.authorization_requests: list[dict[str, str]] = []
        self._grants: dict[str, Grant] = {}
        self._access_tokens: dict[str, Agent] = {}
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        # Polled often: `stop` waits for the next poll (half a second by default).
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def authorize(
        self,
        authorization_url: str,
        agent: Agent,
        *,
        nonce: str | None = None,
        userinfo_agent: Agent | None = None,
    ):
        """Play the agent's visit to the authorization endpoint: return (code, state).

        For the attacks: `nonce` replaces the one the client sent, as when a code issued to
        another session is replayed; `userinfo_agent` answers userinfo about someone else.
        """
        url = urlsplit(authorization_url)
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{self.url}/authorize"
        query = {name: values[-1] for name, values in parse_qs(url.query).items()}
        self.authorization_requests.append(query)
        assert query["client_id"] == CLIENT_ID
        assert query["response_type"] == "code"
        code = secrets.token_urlsafe(32)
        self._grants[code] = Grant(
            agent=agent,
            userinfo_agent=userinfo_agent or agent,
            redirect_uri=query["redirect_uri"],
            nonce=nonce or query["nonce"],
            code_challenge=query["code_challenge"],
        )
        return code, query["state"]

    # Tokens

    def _sign(self, claims: dict, tampering: str | None) -> str:
        now = int(time.time())
        claims = {"iss": self.url, "aud": CLIENT_ID, "iat": now, "exp": now + 60} | claims
        key = self.foreign_key if tampering == FOREIGN_KEY else self.key
        token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})
        if tampering == ALTERED_PAYLOAD:
            header, _, signature = token.split(".")
            forged = claims | {"sub": "someone-else", "email": "intrus@example.com"}
            token = f"{header}.{_b64url(json.dumps(forged).encode())}.{signature}"
        return token

    def _id_token(self, grant: Grant) -> str:
        claims = {"sub": grant.agent.sub, "nonce": grant.nonce, "idp_id": grant.agent.idp_id}
        return self._sign(claims, self.tampered_id_token)

    def _userinfo(self, agent: Agent) -> str:
        return self._sign(asdict(agent), self.tampered_userinfo)

    def _exchange_code(self, form: dict[str, str]) -> dict | None:
        """The token response for a valid code exchange, None for any mistake."""
        if (
            form.get("grant_type") != "authorization_code"
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
        ):
            return None
        grant = self._grants.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        if (
            grant is None
            or form.get("redirect_uri") != grant.redirect_uri
            or _b64url(hashlib.sha256(verifier.encode()).digest()) != grant.code_challenge
        ):
            return None
        access_token = secrets.token_urlsafe(32)
        self._access_tokens[access_token] = grant.userinfo_agent
        return {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 60,
            "id_token": self._id_token(grant),
        }

    # HTTP

    def _discovery(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "userinfo_signing_alg_values_supported": ["RS256"],
        }

    def _jwks(self) -> dict:
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [jwk | {"kid": KID, "alg": "RS256", "use": "sig"}]}

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = urlsplit(self.path).path
                if path == "/.well-known/openid-configuration":
                    self._send_json(fake._discovery())
                elif path == "/jwks":
                    self._send_json(fake._jwks())
                elif path == "/userinfo":
                    authorization = self.headers.get("Authorization", "")
                    scheme, _, access_token = authorization.partition(" ")
                    agent = fake._access_tokens.get(access_token)
                    if scheme != "Bearer" or agent is None:
                        self._send_json({"error": "invalid_token"}, HTTPStatus.UNAUTHORIZED)
                    else:
                        self._send(fake._userinfo(agent).encode(), "application/jwt")
                else:
                    self._send_json({"error": "not_found"}, HTTPStatus.NOT_FOUND)

            def do_POST(self):
                if urlsplit(self.path).path != "/token":
                    self._send_json({"error": "not_found"}, HTTPStatus.NOT_FOUND)
                    return
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode()
                form = {name: values[-1] for name, values in parse_qs(body).items()}
                token_response = fake._exchange_code(form)
                if token_response is None:
                    self._send_json({"error": "invalid_grant"}, HTTPStatus.BAD_REQUEST)
                else:
                    self._send_json(token_response)

            def _send_json(self, data: dict, status=HTTPStatus.OK):
                self._send(json.dumps(data).encode(), "application/json", status)

            def _send(self, body: bytes, content_type: str, status=HTTPStatus.OK):
                self.send_response(status)
                self.send_header("Content-Type", f"{content_type}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                """Keep the test output quiet."""

        return Handler


def sign_in_with_proconnect(client, fake: FakeProConnect, agent: Agent, **authorize_kwargs):
    """Go through ProConnect as `agent`; return the response of our callback."""
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": "proconnect"}))
    assert response.status_code == 302
    code, state = fake.authorize(response["Location"], agent, **authorize_kwargs)
    callback_url = reverse("openid_connect_callback", kwargs={"provider_id": "proconnect"})
    return client.get(callback_url, {"code": code, "state": state})
