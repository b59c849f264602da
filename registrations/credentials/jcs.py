"""JSON Canonicalization Scheme (RFC 8785) and base58btc, for eddsa-jcs-2022."""

from __future__ import annotations

import json
import math

B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _number(value: float | int) -> str:
    if isinstance(value, bool):  # pragma: no cover - handled by the caller
        raise TypeError
    if isinstance(value, int):
        if abs(value) > 2**53:
            raise ValueError("JCS: integer outside the IEEE 754 double range")
        return str(value)
    if not math.isfinite(value):
        raise ValueError("JCS: NaN and Infinity are not JSON")
    if value == 0:
        return "0"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    # ECMAScript Number.prototype.toString: shortest round-trip digits (repr),
    # exponent as e+N / e-N without leading zeros.
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        sign = "-" if exponent.startswith("-") else "+"
        exponent = exponent.lstrip("+-").lstrip("0") or "0"
        exp = int(exponent) * (-1 if sign == "-" else 1)
        if -7 < exp < 21:
            return format(value, "f").rstrip("0").rstrip(".")
        return f"{mantissa.removesuffix('.0')}e{sign}{exponent}"
    if abs(value) < 1e-6:
        mantissa, exponent = f"{value:e}".split("e")
        return f"{float(mantissa)!r}".removesuffix(".0") + f"e{int(exponent)}"
    return text


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _write(value, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        # json.dumps escapes exactly as ECMAScript JSON.stringify with
        # ensure_ascii=False: \b \t \n \f \r \" \\ and \u00xx for other controls.
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, (int, float)):
        out.append(_number(value))
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        for i, key in enumerate(sorted(value, key=_utf16_key)):
            if not isinstance(key, str):
                raise TypeError("JCS: object keys are strings")
            if i:
                out.append(",")
            out.append(json.dumps(key, ensure_ascii=False))
            out.append(":")
            _write(value[key], out)
        out.append("}")
    else:
        raise TypeError(f"JCS: {type(value).__name__} is not JSON")


def canonicalize(value) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of a JSON value."""
    out: list[str] = []
    _write(value, out)
    return "".join(out).encode("utf-8")


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    chars = []
    while number:
        number, rest = divmod(number, 58)
        chars.append(B58_ALPHABET[rest])
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + "".join(reversed(chars))


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = B58_ALPHABET.find(char)
        if index < 0:
            raise ValueError("not base58btc")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    pad = len(text) - len(text.lstrip("1"))
    return b"\0" * pad + body
