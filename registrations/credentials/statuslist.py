"""Bitstring Status List v1.0: the GZIP-compressed, multibase base64url
(no padding) bitstring; index 0 is the left-most (most significant) bit."""

from __future__ import annotations

import base64
import gzip

# The specification's minimum for group privacy: 16 KiB, 131,072 entries.
MIN_ENTRIES = 131_072


def encode(revoked: set[int] | list[int], *, size: int = MIN_ENTRIES) -> str:
    highest = max(revoked, default=-1)
    size = max(size, -(-(highest + 1) // 8) * 8)
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("encodedList is not multibase base64url ('u')")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def bit(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise ValueError("statusListIndex is outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
