"""A small OpenID Connect provider on loopback, for the sign-in browser test.

Built on Authlib (the library Streamlit's own sign-in uses): a discovery document, the
authorization code flow with a login form (and PKCE S256 when the client sends a challenge),
a token endpoint that checks the client's secret, the code, the redirect URI and the verifier,
an id_token signed RS256 with a fresh key, its JWKS, and a userinfo endpoint. Whoever types an
email in the form is signed in as that email (`EMAILS` maps known ones to names): the test
decides who signs in, the app decides whether that person is registered.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import threading
import time
import urllib.parse
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from authlib.common.security import generate_token

with warnings.catch_warnings():  # authlib.jose is deprecated for joserfc, still in Authlib 1.x
    warnings.simplefilter("ignore")
    from authlib.jose import JsonWebKey, jwt

CLIENT_ID = "interview-autopilot-test"
CLIENT_SECRET = generate_token(32)


@dataclass
class Grant:
    """What an authorization code stands for until the client redeems it (once)."""

    email: str
    redirect_uri: str
    nonce: str | None
    challenge: str | None


@dataclass
class Issuer:
    url: str
    names: dict[str, str]
    key: JsonWebKey = field(
        default_factory=lambda: JsonWebKey.generate_key("RSA", 2048, is_private=True)
    )
    codes: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, dict[str, object]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def metadata(self) -> dict[str, object]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "email_verified", "name"],
        }

    def jwks(self) -> dict[str, object]:
        public = self.key.as_dict(is_private=False)
        return {"keys": [{**public, "kid": "test-key", "use": "sig", "alg": "RS256"}]}

    def claims(self, email: str) -> dict[str, object]:
        return {
            "sub": hashlib.sha256(email.encode()).hexdigest()[:24],
            "email": email,
            "email_verified": True,
            "name": self.names.get(email, email.split("@")[0]),
        }

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        payload = {
            "iss": self.url,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 600,
            **self.claims(grant.email),
        }
        if grant.nonce:
            payload["nonce"] = grant.nonce
        header = {"alg": "RS256", "kid": "test-key"}
        return jwt.encode(header, payload, self.key).decode()


def _pkce_ok(challenge: str | None, verifier: str | None) -> bool:
    if challenge is None:
        return True
    if not verifier:
        return False
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge


LOGIN_FORM = """<!doctype html><html><head><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1>
<form method="post" action="/authorize">
{hidden}
<label>Email <input name="email" type="email" autofocus></label>
<button type="submit">Continue</button>
</form></body></html>"""


def _handler(issuer: Issuer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def _send(self, status: int, body: object, content_type: str = "application/json"):
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            return {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            query = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                return self._send(200, issuer.metadata())
            if url.path == "/jwks":
                return self._send(200, issuer.jwks())
            if url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                    return self._send(400, {"error": "invalid_request"})
                hidden = "\n".join(
                    f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                    for k, v in query.items()
                )
                return self._send(200, LOGIN_FORM.format(hidden=hidden), "text/html")
            if url.path == "/userinfo":
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                with issuer.lock:
                    claims = issuer.tokens.get(token)
                return self._send(200, claims) if claims else self._send(401, {})
            return self._send(404, {"error": "not_found"})

        def do_POST(self) -> None:
            form = self._form()
            if self.path == "/authorize":
                code = generate_token(40)
                with issuer.lock:
                    issuer.codes[code] = Grant(
                        form["email"].strip(),
                        form["redirect_uri"],
                        form.get("nonce"),
                        form.get("code_challenge"),
                    )
                target = {"code": code, "state": form.get("state", "")}
                self.send_response(302)
                sep = "&" if "?" in form["redirect_uri"] else "?"
                location = form["redirect_uri"] + sep + urllib.parse.urlencode(target)
                self.send_header("Location", location)
                self.end_headers()
                return None
            if self.path == "/token":
                return self._token(form)
            return self._send(404, {"error": "not_found"})

        def _client_ok(self, form: dict[str, str]) -> bool:
            basic = self.headers.get("Authorization") or ""
            if basic.startswith("Basic "):
                pair = base64.b64decode(basic[6:]).decode()
                client_id, _, secret = pair.partition(":")
                client_id = urllib.parse.unquote_plus(client_id)
                secret = urllib.parse.unquote_plus(secret)
            else:
                client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
            return client_id == CLIENT_ID and secret == CLIENT_SECRET

        def _token(self, form: dict[str, str]) -> None:
            if not self._client_ok(form):
                return self._send(401, {"error": "invalid_client"})
            with issuer.lock:
                grant = issuer.codes.pop(form.get("code", ""), None)  # one use
            if (
                form.get("grant_type") != "authorization_code"
                or grant is None
                or grant.redirect_uri != form.get("redirect_uri")
                or not _pkce_ok(grant.challenge, form.get("code_verifier"))
            ):
                return self._send(400, {"error": "invalid_grant"})
            access = generate_token(32)
            with issuer.lock:
                issuer.tokens[access] = issuer.claims(grant.email)
            return self._send(
                200,
                {
                    "access_token": access,
                    "token_type": "Bearer",
                    "expires_in": 600,
                    "scope": "openid email profile",
                    "id_token": issuer.id_token(grant),
                },
            )

    return Handler


@contextmanager
def running_issuer(names: dict[str, str]) -> Iterator[Issuer]:
    """The provider on a free loopback port, in a thread, until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    issuer = Issuer(f"http://127.0.0.1:{server.server_address[1]}", names)
    server.RequestHandlerClass = _handler(issuer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield issuer
    finally:
        server.shutdown()
        server.server_close()
