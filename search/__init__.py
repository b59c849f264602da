"""One search API over pages, events, agencies and documents, with two engines."""
