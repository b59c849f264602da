"""The index: its analyzers, the entry document and how an entry becomes one."""

from django.conf import settings
from elasticsearch.exceptions import ApiError, TransportError
from elasticsearch_dsl import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Text,
    analyzer,
    normalizer,
    token_filter,
)
from elasticsearch_dsl.exceptions import ElasticsearchDslException

from search.registry import IndexEntry

ENGINE_ERRORS = (ApiError, TransportError, ElasticsearchDslException)
FACET_FIELDS = {
    "kind": "kind",
    "agency": "agencies",
    "topic": "topics",
    "language": "language",
    "year": "year",
}
FACET_LIMIT = 20
MAX_BODY = 100_000

folded = analyzer(
    "portal_folded", tokenizer="standard", filter=["lowercase", "asciifolding"]
)
spanish = analyzer(
    "portal_spanish",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("portal_spanish_stop", "stop", stopwords="_spanish_"),
        token_filter("portal_spanish_stemmer", "stemmer", language="light_spanish"),
    ],
)
english = analyzer(
    "portal_english",
    tokenizer="standard",
    filter=[
        token_filter(
            "portal_english_possessive", "stemmer", language="possessive_english"
        ),
        "lowercase",
        "asciifolding",
        token_filter("portal_english_stop", "stop", stopwords="_english_"),
        token_filter("portal_english_stemmer", "stemmer", language="english"),
    ],
)
prefix = analyzer(
    "portal_prefix",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("portal_edge_ngram", "edge_ngram", min_gram=2, max_gram=20),
    ],
)
shingles = analyzer(
    "portal_shingles",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter(
            "portal_shingle", "shingle", min_shingle_size=2, max_shingle_size=3
        ),
    ],
)
exact = normalizer("portal_exact", filter=["lowercase", "asciifolding"])


class EntryDocument(Document):
    """One searchable item; `spell` feeds the phrase suggester."""

    key = Keyword()
    source = Keyword()
    kind = Keyword()
    title = Text(
        analyzer=folded,
        fields={
            "es": Text(analyzer=spanish),
            "en": Text(analyzer=english),
            "exact": Keyword(normalizer=exact),
            "prefix": Text(analyzer=prefix, search_analyzer=folded),
        },
    )
    body = Text(
        analyzer=folded,
        fields={"es": Text(analyzer=spanish), "en": Text(analyzer=english)},
    )
    spell = Text(analyzer=shingles)
    url = Keyword(index=False)
    date = Date()
    year = Integer()
    language = Keyword()
    agencies = Keyword()
    topics = Keyword()


def index_alias() -> str:
    return getattr(settings, "SEARCH_ELASTICSEARCH_INDEX", "portal-search")


def index_definition(name: str) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(EntryDocument)
    return index


def entry_document(entry: IndexEntry) -> EntryDocument:
    body = entry.body[:MAX_BODY]
    return EntryDocument(
        meta={"id": entry.key},
        key=entry.key,
        source=entry.source,
        kind=entry.kind,
        title=entry.title,
        body=body,
        spell=f"{entry.title}\n{body[:5000]}",
        url=entry.url,
        date=entry.date,
        year=entry.year,
        language=entry.language,
        agencies=list(entry.agencies),
        topics=list(entry.topics),
    )
