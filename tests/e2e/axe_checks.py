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


def violations_on(page, base_url: str, paths: list[str]) -> dict[str, list[str]]:
    """Visit each path and collect its serious violations, by path."""
    failures = {}
    for path in paths:
        page.goto(base_url + path)
        if found := serious_violations(page):
            failures[path] = found
    return failures
