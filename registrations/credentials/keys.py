"""The portal's Ed25519 signing key and its did:web issuer document.

The key comes from the setting (or environment variable) CREDENTIALS_SIGNING_KEY:
a PEM PKCS#8 private key, or the base64 of the 32-byte raw seed. Without it, a
DEBUG run generates one once into var/credentials-signing-key.pem (mode 0600,
git-ignored); any other run refuses to sign. Tests set a fixed seed in
portal/settings/test.py."""

from __future__ import annotations

import base64
import functools
import os
from pathlib import Path
from urllib.parse import quote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from registrations.credentials.proof import public_key_multibase

KEY_FRAGMENT = "key-1"
DID_CONTEXTS = [
    "https://www.w3.org/ns/did/v1",
    "https://w3id.org/security/multikey/v1",
]


def _parse(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = load_pem_private_key(text.encode("ascii"), password=None)
    else:
        key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(text))
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("CREDENTIALS_SIGNING_KEY is not an Ed25519 key")
    return key


def _dev_key_file() -> Ed25519PrivateKey:
    path = Path(settings.BASE_DIR) / "var" / "credentials-signing-key.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
        )
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
    return _parse(path.read_text(encoding="ascii"))


@functools.cache
def _key_for(configured: str, debug: bool) -> Ed25519PrivateKey:
    if configured:
        return _parse(configured)
    if debug:
        return _dev_key_file()
    raise ImproperlyConfigured(
        "Set CREDENTIALS_SIGNING_KEY (an Ed25519 private key, PEM or base64 seed) "
        "to issue verifiable credentials."
    )


def signing_key() -> Ed25519PrivateKey:
    configured = getattr(settings, "CREDENTIALS_SIGNING_KEY", "") or os.environ.get(
        "CREDENTIALS_SIGNING_KEY", ""
    )
    return _key_for(configured, settings.DEBUG)


def did_for_host(host: str) -> str:
    """did:web of a host; a port's colon is percent-encoded (did:web spec)."""
    return "did:web:" + quote(host.lower(), safe="")


def verification_method(did: str) -> str:
    return f"{did}#{KEY_FRAGMENT}"


def did_document(did: str) -> dict:
    method = verification_method(did)
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": public_key_multibase(signing_key().public_key()),
            }
        ],
        "assertionMethod": [method],
        "authentication": [method],
    }
