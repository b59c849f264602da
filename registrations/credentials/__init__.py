"""Verifiable credentials of certificates (issue 19): Open Badges 3.0 / W3C VC 2.0
credentials signed with the portal's Ed25519 key (DataIntegrityProof,
eddsa-jcs-2022), the issuer as did:web, revocation through a Bitstring Status List.

The modules `jcs`, `proof`, `statuslist` and `verify` import no Django, so
`python -m registrations.credentials.verify` runs offline without settings."""
