"""Offline verifier of a portal credential (issue 19).

    python -m registrations.credentials.verify credential.json \
        [--did did.json] [--status status.json]

Checks the eddsa-jcs-2022 proof against the issuer's did:web document (did.json
beside the credential unless given), and, when the status list credential is
given, its own proof and the credential's revocation bit. Prints "valid" and
exits 0, else prints the reason and exits 1. No network, no Django."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from registrations.credentials import proof as proofs
from registrations.credentials import statuslist

VC_V2 = "https://www.w3.org/ns/credentials/v2"


class VerificationError(Exception):
    pass


def keys_from_did_document(did_document: dict) -> dict:
    """Verification method id → Ed25519 key, for the methods the DID lists
    under assertionMethod."""
    did = did_document.get("id", "")
    assertion = {
        item if isinstance(item, str) else item.get("id")
        for item in did_document.get("assertionMethod", [])
    }
    keys = {}
    for method in did_document.get("verificationMethod", []):
        method_id = method.get("id", "")
        if method_id.startswith("#"):
            method_id = did + method_id
        if method.get("controller") != did or method_id not in assertion:
            continue
        if method.get("type") != "Multikey":
            continue
        keys[method_id] = proofs.public_key_from_multibase(
            method.get("publicKeyMultibase", "")
        )
    return keys


def _issuer_id(document: dict) -> str:
    issuer = document.get("issuer")
    return issuer.get("id", "") if isinstance(issuer, dict) else issuer or ""


def check(document: dict, *, did_document: dict, status: dict | None = None) -> str:
    """ "valid", else raises VerificationError with the reason."""
    if not isinstance(document, dict) or VC_V2 not in document.get("@context", []):
        raise VerificationError("not a W3C Verifiable Credential 2.0")
    if "VerifiableCredential" not in document.get("type", []):
        raise VerificationError("not a VerifiableCredential")
    issuer = _issuer_id(document)
    if issuer != did_document.get("id"):
        raise VerificationError(
            f"the issuer {issuer!r} is not the DID document's "
            f"{did_document.get('id')!r}"
        )
    keys = keys_from_did_document(did_document)
    try:
        used = proofs.verify(document, public_keys=keys)
    except proofs.ProofError as error:
        raise VerificationError(str(error)) from error
    if not used["verificationMethod"].startswith(issuer + "#"):
        raise VerificationError("the proof's key is not the issuer's")
    if status is not None:
        _check_status(document, status=status, did_document=did_document)
    return "valid"


def _check_status(document: dict, *, status: dict, did_document: dict) -> None:
    entries = document.get("credentialStatus")
    entries = entries if isinstance(entries, list) else [entries] if entries else []
    entry = next(
        (
            e
            for e in entries
            if e.get("type") == "BitstringStatusListEntry"
            and e.get("statusPurpose") == "revocation"
        ),
        None,
    )
    if entry is None:
        raise VerificationError("the credential has no revocation status entry")
    if entry.get("statusListCredential") != status.get("id"):
        raise VerificationError("the status list given is not the credential's")
    if _issuer_id(status) != _issuer_id(document):
        raise VerificationError("the status list has another issuer")
    try:
        proofs.verify(status, public_keys=keys_from_did_document(did_document))
    except proofs.ProofError as error:
        raise VerificationError(f"status list: {error}") from error
    subject = status.get("credentialSubject", {})
    if subject.get("statusPurpose") != "revocation":
        raise VerificationError("the status list is not a revocation list")
    try:
        bits = statuslist.decode(subject.get("encodedList", ""))
        revoked = statuslist.bit(bits, int(entry.get("statusListIndex", "")))
    except (ValueError, OSError) as error:
        raise VerificationError(f"status list: {error}") from error
    if revoked:
        raise VerificationError("revoked: the issuer has revoked this credential")


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise VerificationError(f"{path}: {error}") from error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m registrations.credentials.verify",
        description="Verify a portal credential offline.",
    )
    parser.add_argument("credential", type=Path)
    parser.add_argument(
        "--did", type=Path, help="the issuer's did.json (default: beside it)"
    )
    parser.add_argument("--status", type=Path, help="the status list credential")
    args = parser.parse_args(argv)
    try:
        document = _load(args.credential)
        did_document = _load(args.did or args.credential.with_name("did.json"))
        status = _load(args.status) if args.status else None
        print(check(document, did_document=did_document, status=status))
    except VerificationError as error:
        print(f"invalid: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
