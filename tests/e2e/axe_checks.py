"""axe-core (bundled with axe-playwright-python, nothing from the network) on a page."""

from axe_playwright_python.base import AXE_SCRIPT

BLOCKING_IMPACTS = {"serious", "critical"}

# axe-playwright-python evaluates its 500 kB script before every run; a document
# needs it once (a navigation brings a new window without `axe`).
_INJECT_ONCE = "(script) => { if (typeof window.axe !== 'object') (0, eval)(script); }"
_RUN = """() => axe.run({resultTypes: ["violations"]})
    .then((results) => results.violations)"""


def serious_violations(page) -> list[str]:
    """The serious and critical axe violations of the page as it is now."""
    page.evaluate(_INJECT_ONCE, AXE_SCRIPT)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"[{', '.join(str(node['target']) for node in violation['nodes'][:3])}]"
        for violation in page.evaluate(_RUN)
        if violation["impact"] in BLOCKING_IMPACTS
    ]
