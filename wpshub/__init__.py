"""WPS Knowledge Hub: records, vocabularies, checks and the pure functions behind the site."""

__version__ = "0.1.0"
