"""The records and their checks: reading YAML and BibTeX, the vocabularies, the facts, the
validator, the link-status file and the data-health report. The lowest layer: it imports
nothing from `wpshub.site` or `wpshub.tools`."""
