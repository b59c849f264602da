"""axe-core (bundled with axe-playwright-python, nothing from the network) on a page."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    """The serious and critical axe violations of the page as it is now."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"[{', '.join(str(node['target']) for node in violation['nodes'][:3])}]"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def violations_on(
    page, base_url: str, paths: list[str], *, error_pages: tuple[str, ...] = ()
) -> dict[str, list[str]]:
    """Visit each path and collect its serious violations, by path; a path that
    answers with an error (unless listed in `error_pages`) is a failure too."""
    failures = {}
    for path in paths:
        response = page.goto(base_url + path)
        found = serious_violations(page)
        if response.status >= 400 and path not in error_pages:
            found.insert(0, f"HTTP {response.status}")
        if found:
            failures[path] = found
    return failures
