"""A machine translator for tests, behind wagtail-localize's interface: no
translation service is reachable from the test machines."""

from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue


class FakeTranslator(BaseMachineTranslator):
    """'Translates' by prefixing the target language: `MT-en: <source>`."""

    display_name = "Fake translator"

    def translate(self, source_locale, target_locale, strings):
        prefix = f"MT-{target_locale.language_code}: "
        return {
            string: StringValue.from_plaintext(prefix + string.render_text())
            for string in strings
        }

    def can_translate(self, source_locale, target_locale):
        return source_locale.language_code != target_locale.language_code
