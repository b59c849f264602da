"""Verifiable credentials of certificates (issue 19): eddsa-jcs-2022 proofs, the
did:web issuer document, the revocation status list and the offline verifier."""

import copy
import datetime
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.credentials import jcs, proof, statuslist
from registrations.credentials.revoke import certificate_revoke
from registrations.credentials.verify import main as verify_main
from tests.factories import UserFactory

from .conftest import start_sessions

DID = "did:web:portal.example"
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def _did_document(key=KEY, did=DID):
    method = f"{did}#key-1"
    return {
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": did,
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": proof.public_key_multibase(key.public_key()),
            }
        ],
        "assertionMethod": [method],
    }


def _credential(key=KEY, index=5):
    return proof.sign(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": DID, "type": ["Profile"], "name": "Portal"},
            "validFrom": "2026-12-01T00:00:00Z",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "narrative": "Asistió a 3 de 3 sesiones, 18 horas.",
            },
            "credentialStatus": {
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": str(index),
                "statusListCredential": "https://portal.example/status.json",
            },
        },
        key=key,
        verification_method=f"{DID}#key-1",
        created="2026-12-01T00:00:00Z",
    )


def _status(revoked):
    return proof.sign(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "https://portal.example/status.json",
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": DID,
            "credentialSubject": {
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": statuslist.encode(revoked),
            },
        },
        key=KEY,
        verification_method=f"{DID}#key-1",
        created="2026-12-01T00:00:00Z",
    )


def _run(tmp_path, capsys, credential, did=None, status=None):
    (tmp_path / "credential.json").write_text(json.dumps(credential), "utf-8")
    (tmp_path / "did.json").write_text(json.dumps(did or _did_document()), "utf-8")
    argv = [str(tmp_path / "credential.json")]
    if status is not None:
        (tmp_path / "status.json").write_text(json.dumps(status), "utf-8")
        argv += ["--status", str(tmp_path / "status.json")]
    code = verify_main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


def test_jcs_sorts_keys_by_utf16_and_writes_numbers_as_ecmascript():
    # RFC 8785 section 3.2.3's sorting example, and its number forms.
    keys = ["\u20ac", "\r", "\ufb33", "1", "\U0001f600", "\u0080", "\u00f6"]
    ordered = jcs.canonicalize(dict.fromkeys(keys, 0)).decode()
    assert list(json.loads(ordered)) == [
        "\r",
        "1",
        "\u0080",
        "\u00f6",
        "\u20ac",
        "\U0001f600",
        "\ufb33",
    ]
    assert jcs.canonicalize([1e30, 4.5, 0.002, 1e-7, -0.0, 10.0]) == (
        b"[1e+30,4.5,0.002,1e-7,0,10]"
    )


def test_a_signed_credential_verifies_and_a_changed_byte_or_key_does_not(
    tmp_path, capsys
):
    credential = _credential()
    assert _run(tmp_path, capsys, credential) == (0, "valid\n")

    text = json.dumps(credential)
    changed = json.loads(text.replace("3 de 3", "3 de 4"))
    code, output = _run(tmp_path, capsys, changed)
    assert code == 1
    assert "signature does not match" in output

    other_key = Ed25519PrivateKey.from_private_bytes(bytes(32))
    code, output = _run(tmp_path, capsys, credential, did=_did_document(other_key))
    assert code == 1
    assert "signature does not match" in output

    forged = _credential(key=other_key)
    assert _run(tmp_path, capsys, forged)[0] == 1


def test_the_status_list_reports_a_revoked_bit(tmp_path, capsys):
    credential = _credential(index=5)
    assert _run(tmp_path, capsys, credential, status=_status({4, 6})) == (
        0,
        "valid\n",
    )
    code, output = _run(tmp_path, capsys, credential, status=_status({5}))
    assert code == 1
    assert "revoked" in output
    # A status list with a flipped bit but the old signature is refused too.
    tampered = copy.deepcopy(_status({4}))
    tampered["credentialSubject"]["encodedList"] = statuslist.encode({4, 5})
    code, output = _run(tmp_path, capsys, credential, status=tampered)
    assert code == 1
    assert "status list" in output


@pytest.fixture
def certificate(event, participant, organizer):
    registration = services.registration_apply(event=event, user=participant)
    start_sessions(event)
    services.registration_record_attendance(
        session=event.sessions.get(), present_ids=[registration.pk], by=organizer
    )
    past = timezone.now() - datetime.timedelta(days=2)
    event.sessions.update(start=past, end=past + datetime.timedelta(hours=6))
    type(event).objects.filter(pk=event.pk).update(
        start=past, end=past + datetime.timedelta(hours=6)
    )
    registration.refresh_from_db()
    return services.registration_certificate_issue(
        registration=registration, by=participant
    )


def test_a_downloaded_credential_verifies_offline_until_an_organizer_revokes_it(
    client, certificate, organizer, tmp_path, capsys
):
    verify_url = reverse("registrations:verify", args=[certificate.code])
    page = client.get(verify_url).content.decode()
    credential_url = reverse("registrations:credential", args=[certificate.code])
    assert credential_url in page
    assert "is valid" in page or "es válido" in page

    response = client.get(credential_url)
    assert response.status_code == 200
    credential = response.json()
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "did:web:testserver"
    subject = credential["credentialSubject"]
    assert subject["achievement"]["name"] == certificate.registration.event.title
    assert "1" in subject["narrative"] and "6" in subject["narrative"]
    assert credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    # The same bytes on every download.
    assert client.get(credential_url).content == response.content

    did = client.get("/.well-known/did.json")
    assert did.json()["id"] == "did:web:testserver"
    status_url = credential["credentialStatus"]["statusListCredential"]
    status = client.get(status_url).json()
    assert _run(tmp_path, capsys, credential, did.json(), status) == (0, "valid\n")

    # A participant cannot revoke; the training's organizer can, with a reason.
    with pytest.raises(PermissionDenied):
        certificate_revoke(
            certificate=certificate, by=UserFactory(), reason="Por error"
        )
    client.force_login(organizer)
    admin_page = reverse(
        "registrations_admin:certificates", args=[certificate.registration.event.pk]
    )
    assert certificate.code in client.get(admin_page).content.decode()
    refused = client.post(admin_page, {"certificate": certificate.pk, "reason": " "})
    assert refused.status_code == 400
    done = client.post(
        admin_page, {"certificate": certificate.pk, "reason": "Asistencia falsa"}
    )
    assert done.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    client.logout()

    page = client.get(verify_url).content.decode()
    assert "certificate-revoked" in page
    assert "Asistencia falsa" not in page
    status = client.get(status_url).json()
    code, output = _run(tmp_path, capsys, credential, did.json(), status)
    assert code == 1
    assert "revoked" in output
