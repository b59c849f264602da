"""Admin panels of the training page that exist only on its source page."""

from wagtail.admin.panels import InlinePanel, Panel


class SourcePageInlinePanel(InlinePanel):
    """An inline list that disappears when the page form left out its formset
    (events.forms.EventPageForm does on a translation)."""

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            form = kwargs.get("form")
            relation = kwargs["panel"].relation_name
            self.left_out = form is not None and relation not in form.formsets
            if self.left_out:
                Panel.BoundPanel.__init__(self, **kwargs)
                self.label = self.panel.label
                self.children = []
                return
            super().__init__(**kwargs)

        def is_shown(self):
            return not self.left_out and super().is_shown()


def source_page_only(panels: list) -> list:
    """The panels with their inline lists hidden on translations; field panels
    hide by themselves once the form drops their fields."""
    return [
        SourcePageInlinePanel(**panel.clone_kwargs())
        if type(panel) is InlinePanel
        else panel
        for panel in panels
    ]
