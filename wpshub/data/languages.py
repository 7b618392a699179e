"""The hub's four languages: their codes, names and writing direction."""

LANGUAGES = ("en", "fr", "es", "ar")
DEFAULT_LANGUAGE = "en"
RIGHT_TO_LEFT = frozenset({"ar"})
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}
ENGLISH_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic"}
