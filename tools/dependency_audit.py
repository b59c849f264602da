"""Offline-tolerant dependency check of requirements.txt against the PyPI index.

pip-audit cannot work from this network: PyPI's per-version JSON API (where the
"vulnerabilities" field lives) answers 404 through the registry proxy and OSV is not
reachable. What the simple index (PEP 691 JSON) does answer is used instead:

- a pin that PyPI marks as yanked fails the check (exit status 1);
- a pin missing from the index fails the check (a typo or a removed release);
- a pin that is not the newest patch release of its major.minor series is reported,
  since security fixes ship as patch releases, but does not fail the check.

It does not prove the absence of known vulnerabilities: it consults no advisory
database. When the index cannot be reached at all, it says so and exits 0, so that CI
on a closed network neither hangs nor fails for a reason that is not a finding.

Usage: python tools/dependency_audit.py [-r requirements.txt] [--index-url URL]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

DEFAULT_INDEX = "https://pypi.org/simple/"
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)")


@dataclass
class Finding:
    name: str
    pinned: str
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unreachable: bool = False


def read_pins(path: Path) -> list[tuple[str, str]]:
    pins = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            pins.append((match.group(1), match.group(2)))
    return pins


def fetch_project(index_url: str, name: str, timeout: float) -> dict:
    request = urllib.request.Request(  # noqa: S310 (the URL is the index's https/http)
        f"{index_url.rstrip('/')}/{canonicalize_name(name)}/",
        headers={"Accept": "application/vnd.pypi.simple.v1+json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return json.load(response)


def _file_version(filename: str, known: dict[Version, str]) -> Version | None:
    """The release a wheel or sdist belongs to (the index lists files, not releases)."""
    if filename.endswith(".whl"):
        parts = filename.split("-")
        raw = parts[1] if len(parts) > 1 else ""
    else:
        stem = re.sub(r"\.(tar\.gz|tar\.bz2|zip|egg|exe|msi)$", "", filename)
        raw = next((v for v in known.values() if stem.endswith(f"-{v}")), "")
    try:
        return Version(raw) if raw else None
    except InvalidVersion:
        return None


def assess(name: str, pinned: str, project: dict) -> Finding:
    """Compare one pin with the project's index entry."""
    finding = Finding(name=name, pinned=pinned)
    try:
        pin = Version(pinned)
    except InvalidVersion:
        finding.failures.append(f"pin {pinned!r} is not a valid version")
        return finding
    versions = {}
    for raw in project.get("versions", []):
        try:
            versions[Version(raw)] = raw
        except InvalidVersion:
            continue
    if pin not in versions:
        finding.failures.append(f"{pinned} is not on the index")
        return finding
    yanked_versions: dict[Version, str] = {}
    released_versions: set[Version] = set()
    for file in project.get("files", []):
        version = _file_version(file.get("filename", ""), versions)
        if version is None:
            continue
        if file.get("yanked"):
            reason = file["yanked"] if isinstance(file["yanked"], str) else ""
            yanked_versions.setdefault(version, reason)
        else:
            released_versions.add(version)
    if pin in yanked_versions and pin not in released_versions:
        reason = yanked_versions[pin]
        finding.failures.append(
            f"{pinned} is yanked" + (f": {reason}" if reason else "")
        )
    newer_patches = sorted(
        version
        for version in versions
        if version.release[:2] == pin.release[:2]
        and not version.is_prerelease
        and not version.is_devrelease
        and version > pin
        and not (version in yanked_versions and version not in released_versions)
    )
    if newer_patches:
        finding.notes.append(
            f"newer patch release of {pin.major}.{pin.minor}: {newer_patches[-1]}"
        )
    return finding


def audit(pins, index_url: str, timeout: float) -> list[Finding]:
    def one(pin):
        name, pinned = pin
        try:
            return assess(name, pinned, fetch_project(index_url, name, timeout))
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return Finding(name, pinned, failures=["not on the index"])
            return Finding(name, pinned, unreachable=True, notes=[str(error)])
        except (OSError, ValueError) as error:
            return Finding(name, pinned, unreachable=True, notes=[str(error)])

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, pins))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-r", "--requirements", default="requirements.txt")
    parser.add_argument("--index-url", default=DEFAULT_INDEX)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args(argv)

    pins = read_pins(Path(args.requirements))
    findings = audit(pins, args.index_url, args.timeout)
    unreachable = [f for f in findings if f.unreachable]
    if pins and len(unreachable) == len(pins):
        print(
            f"dependency audit: index {args.index_url} unreachable "
            f"({unreachable[0].notes[0]}); nothing checked"
        )
        return 0
    failed = 0
    for finding in findings:
        if finding.unreachable:
            print(f"?  {finding.name}=={finding.pinned}: not checked ({finding.notes})")
            continue
        for failure in finding.failures:
            failed += 1
            print(f"FAIL {finding.name}=={finding.pinned}: {failure}")
        for note in finding.notes:
            print(f"note {finding.name}=={finding.pinned}: {note}")
    checked = len(findings) - len(unreachable)
    print(f"dependency audit: {checked} pins checked, {failed} failing")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
