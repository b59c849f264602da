"""Effects the core tests enqueue: they record their calls in this process."""

from core import effects

calls: list[dict] = []
failures_left: dict[str, int] = {}


@effects.effect
def record(**kwargs) -> None:
    calls.append(kwargs)


@effects.effect
def fail_then_record(*, key: str, **kwargs) -> None:
    if failures_left.get(key, 0) > 0:
        failures_left[key] -= 1
        raise RuntimeError(f"failing on purpose ({key})")
    calls.append({"key": key, **kwargs})


def not_an_effect(**kwargs) -> None:
    calls.append(kwargs)
