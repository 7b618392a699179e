"""Write the hostile-input corpus under tests/fixtures/hostile/ (run once; the files are committed).

Each file is a valid tool record with one hostile value, or a hostile file as a whole. The
tests expect each to be rejected with `path:line: field: message` or rendered as inert text.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "hostile"
BASE = {
    "id": "x",
    "type": "tool",
    "title": "Hostile input fixture",
    "summary": "A record used to check that hostile input is rejected or shown as plain text.",
    "url": "https://example.org/tool",
    "year": 2020,
    "publisher": "Example Publisher",
    "topics": ["naps"],
    "regions": ["global"],
    "languages": ["en"],
    "added": "2026-01-01",
    "source": ["https://example.org/about"],
    "last_verified": "2026-01-01",
}
# (name, field, value): one hostile value in an otherwise valid record
VALUES = [
    ("title-script", "title", "<script>alert(1)</script>"),
    ("title-img-onerror", "title", "<img src=x onerror=alert(1)>"),
    ("title-svg-onload", "title", "<svg onload=alert(1)>"),
    ("title-break-attribute", "title", '"><script>alert(1)</script>'),
    ("title-break-title", "title", "</title><script>alert(1)</script>"),
    ("title-iframe", "title", "<iframe src=javascript:alert(1)>"),
    (
        "summary-anchor-javascript",
        "summary",
        'Click <a href="javascript:alert(1)">here</a> to learn more about this tool.',
    ),
    (
        "summary-markdown-javascript",
        "summary",
        "Read [the guide](javascript:alert(1)) before you plan a national action plan.",
    ),
    (
        "summary-markdown-data",
        "summary",
        "Read [the guide](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) first, please.",
    ),
    (
        "summary-event-attribute",
        "summary",
        "A tool <b onmouseover=alert(1)>with a handler</b> hidden inside its summary.",
    ),
    ("title-jinja-expression", "title", "{{ config.extra }} and {{ 7*7 }}"),
    (
        "summary-jinja-statement",
        "summary",
        "{% include 'base.html' %} {% for x in range(9) %}{{ x }}{% endfor %} text.",
    ),
    ("publisher-jinja", "publisher", "{{ ''.__class__.__mro__ }}"),
    ("url-javascript", "url", "javascript:alert(1)"),
    ("url-javascript-mixed-case", "url", "JaVaScRiPt:alert(1)"),
    ("url-javascript-leading-space", "url", " javascript:alert(1)"),
    ("url-data", "url", "data:text/html,<script>alert(1)</script>"),
    ("url-vbscript", "url", "vbscript:msgbox(1)"),
    ("url-file", "url", "file:///etc/passwd"),
    ("url-no-host", "url", "https://"),
    ("url-with-space", "url", "https://exa mple.org/"),
    ("url-quote-breakout", "url", 'https://example.org/"onmouseover="alert(1)'),
    ("title-bidi-override", "title", "Tool \u202egnp.exe"),
    ("publisher-bidi-isolate", "publisher", "Example \u2066Publisher\u2069"),
    (
        "summary-zero-width",
        "summary",
        "A summary with a zero\u200bwidth space hidden in the middle of a word.",
    ),
    ("notes-bell", "notes", "A note with a control character \x07 inside."),
    ("title-bom-inside", "title", "Hostile\ufeff title"),
    ("title-very-long", "title", "A" * 10_000),
    ("summary-very-long", "summary", "word " * 20_000),
    ("host-very-long", "publisher", "P" * 5_000),
    ("source-javascript-text", "source", "javascript:alert(1)"),
    ("source-html", "source", "<script>alert(1)</script>"),
    ("notes-style", "notes", "<style>body{display:none}</style>"),
]
RAW_FILES = {
    "alias-bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    ),
    "deep-nesting.yaml": "id: deep\ntitle: " + "[" * 200 + "]" * 200 + "\n",
    "python-tag.yaml": "id: python-tag\ntitle: !!python/object/apply:os.system ['true']\n",
    "duplicate-keys.yaml": "id: duplicate-keys\nid: other\n",
    "not-a-mapping.yaml": "- <script>alert(1)</script>\n",
}
RAW_BYTES = {
    "not-utf8.yaml": b"id: not-utf8\ntitle: caf\xe9 <script>\n",
    "oversize.yaml": b"id: oversize\nnotes: " + b"x" * 1_100_000 + b"\n",
}
BIB = """@article{bibscript,
  author = {Doe, Jane},
  title = {<script>alert(1)</script>},
  year = {2020},
  topics = {naps},
  added = {2026-01-01},
}

@article{bibimg,
  author = {<img src=x onerror=alert(1)>},
  title = {An entry whose author hides markup},
  year = {2020},
  topics = {naps},
  added = {2026-01-01},
}

@article{biburl,
  author = {Doe, Jane},
  title = {An entry with a javascript address},
  year = {2020},
  url = {javascript:alert(1)},
  topics = {naps},
  added = {2026-01-01},
}

@article{bibdoi,
  author = {Doe, Jane},
  title = {An entry with a DOI that breaks out},
  year = {2020},
  doi = {10.1000/x"><script>alert(1)</script>},
  topics = {naps},
  added = {2026-01-01},
}

@article{bibbidi,
  author = {Doe, Jane},
  title = {An entry with a direction override \u202e in its title},
  year = {2020},
  topics = {naps},
  added = {2026-01-01},
}

@article{<script>,
  author = {Doe, Jane},
  title = {An entry whose key is markup},
  year = {2020},
  topics = {naps},
  added = {2026-01-01},
}

@article{biblong,
  author = {Doe, Jane},
  title = {An entry with a very long abstract},
  year = {2020},
  abstract = {%s},
  topics = {naps},
  added = {2026-01-01},
}

@article{bibjinja,
  author = {Doe, Jane},
  title = {{{ config }} and {%% raw %%}},
  year = {2020},
  topics = {naps},
  added = {2026-01-01},
}
""" % ("long " * 4_000)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, field, value in VALUES:
        record = dict(BASE, id=f"hostile-{name}", url=f"https://example.org/{name}")
        record["title"] = f"Hostile input fixture: {name.replace('-', ' ')}"
        record[field] = [value] if field == "source" else value
        lines = [f"{key}: {json.dumps(val, ensure_ascii=False)}" for key, val in record.items()]
        (OUT / f"hostile-{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name, text in RAW_FILES.items():
        (OUT / name).write_text(text, encoding="utf-8")
    for name, data in RAW_BYTES.items():
        (OUT / name).write_bytes(data)
    (OUT / "hostile-entries.bib").write_text(BIB, encoding="utf-8")


if __name__ == "__main__":
    main()
