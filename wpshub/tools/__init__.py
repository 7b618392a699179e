"""Contributor and maintainer tools: the `wpshub` command line, `new`, `import-bib`, the link
checker and the generated field tables. The top layer: it may use the site and the data."""
