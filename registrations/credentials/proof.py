"""DataIntegrityProof with cryptosuite eddsa-jcs-2022 (W3C VC Data Integrity EdDSA
Cryptosuites v1.0, section 3.3): create and verify, and Ed25519 Multikey values."""

from __future__ import annotations

import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from registrations.credentials.jcs import b58decode, b58encode, canonicalize

CRYPTOSUITE = "eddsa-jcs-2022"
# Multicodec ed25519-pub (0xed, varint-encoded as 0xed 0x01).
ED25519_PUB_PREFIX = b"\xed\x01"


class ProofError(Exception):
    """Why a credential does not verify (the message says it)."""


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + b58encode(ED25519_PUB_PREFIX + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ProofError("publicKeyMultibase is not base58btc ('z')")
    decoded = b58decode(value[1:])
    if not decoded.startswith(ED25519_PUB_PREFIX) or len(decoded) != 34:
        raise ProofError("publicKeyMultibase is not an Ed25519 public key")
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


def _hash_data(document: dict, proof_config: dict) -> bytes:
    return (
        hashlib.sha256(canonicalize(proof_config)).digest()
        + hashlib.sha256(canonicalize(document)).digest()
    )


def sign(
    document: dict,
    *,
    key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    proof_purpose: str = "assertionMethod",
) -> dict:
    """The document with a `proof` added (the document itself is not changed)."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    config = {**proof, "@context": unsecured["@context"]}
    signature = key.sign(_hash_data(unsecured, config))
    return {**unsecured, "proof": {**proof, "proofValue": "z" + b58encode(signature)}}


def verify(document: dict, *, public_keys: dict[str, Ed25519PublicKey]) -> dict:
    """Checks the proof; returns it, or raises ProofError saying why.

    `public_keys` maps verification method ids to keys (from the issuer's DID
    document)."""
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("the credential has no proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != (
        CRYPTOSUITE
    ):
        raise ProofError("the proof is not a DataIntegrityProof eddsa-jcs-2022")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("the proof purpose is not assertionMethod")
    method = proof.get("verificationMethod", "")
    key = public_keys.get(method)
    if key is None:
        raise ProofError(f"the issuer document has no key {method!r}")
    value = proof.get("proofValue", "")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofError("proofValue is not base58btc")
    try:
        signature = b58decode(value[1:])
    except ValueError as error:
        raise ProofError("proofValue is not base58btc") from error
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in config and config["@context"] != unsecured.get("@context"):
        raise ProofError("the proof's @context differs from the credential's")
    config["@context"] = unsecured.get("@context")
    try:
        key.verify(signature, _hash_data(unsecured, config))
    except InvalidSignature as error:
        raise ProofError(
            "the signature does not match: the credential was changed or signed "
            "with another key"
        ) from error
    return proof
