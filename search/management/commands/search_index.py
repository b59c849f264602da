"""`manage.py search_index rebuild|update|status`: manage the portal search index."""

import sys

from django.core.management.base import BaseCommand

from search import services
from search.engines import database_engine, elasticsearch_engine
from search.engines.base import SearchError
from search.registry import registry


class ProgressBar:
    """A one-line bar on a terminal; a line per tenth elsewhere (logs stay short)."""

    def __init__(self, stdout, width: int = 40):
        self.stdout = stdout
        self.width = width
        self.tty = hasattr(sys.stdout, "isatty") and sys.stdout.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        total = max(total, done, 1)
        tenth = done * 10 // total
        if not self.tty and tenth == self.shown and done != total:
            return
        self.shown = tenth
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        ending = "\r" if self.tty and done < total else "\n"
        self.stdout.write(f"[{bar}] {done}/{total}", ending=ending)
        self.stdout.flush()


class Command(BaseCommand):
    help = "Rebuild, update or show the portal search index."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "update", "status"])

    def handle(self, *args, action: str, **options):
        if action == "status":
            self.status()
            return
        progress = ProgressBar(self.stdout)
        if action == "rebuild":
            counts = services.rebuild_index(progress)
        else:
            counts, pruned = services.update_index(progress)
            self.stdout.write(
                f"Removed the entries of {pruned} objects gone or hidden."
            )
        self.stdout.write(self.style.SUCCESS(f"Search index {action}: done."))
        self.print_counts("database", counts)

    def status(self) -> None:
        self.print_counts("database", database_engine().counts())
        elasticsearch = elasticsearch_engine()
        if elasticsearch is None:
            self.stdout.write("elasticsearch: not configured (ELASTICSEARCH_URL unset)")
            return
        try:
            self.print_counts("elasticsearch", elasticsearch.counts())
        except SearchError as error:
            self.stdout.write(self.style.ERROR(f"elasticsearch: unavailable ({error})"))

    def print_counts(self, engine: str, counts: dict[str, int]) -> None:
        self.stdout.write(f"{engine}: {sum(counts.values())} entries")
        for kind in [*registry.kinds(), *sorted(set(counts) - set(registry.kinds()))]:
            self.stdout.write(f"  {kind:<10} {counts.get(kind, 0)}")
