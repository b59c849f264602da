"""The registry tells late listeners about earlier adapters (apps become ready in
any order) and asks the app that registered a facet for its values' names."""

from search.registry import SearchAdapter, SearchRegistry


def adapter(kind: str) -> SearchAdapter:
    made = SearchAdapter()
    made.kind = kind
    return made


def test_listeners_hear_of_adapters_registered_before_and_after():
    registry = SearchRegistry()
    early, late = adapter("early"), adapter("late")
    registry.register(early)
    heard = []
    registry.on_register(heard.append)
    registry.register(late)
    assert heard == [early, late]


def test_facet_values_are_named_by_the_app_that_registered_them():
    registry = SearchRegistry()
    assert registry.facet_labels("topic", {"smuggling"}) == {}
    registry.register_facet_labels(
        "topic", lambda values: {value: value.title() for value in values}
    )
    assert registry.facet_labels("topic", {"smuggling"}) == {"smuggling": "Smuggling"}
    assert registry.facet_labels("topic", set()) == {}
