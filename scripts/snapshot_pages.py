"""Write the generated pages of the snapshot hub (tests/fixtures/snapshot) to tests/snapshots/.

tests/test_templates.py compares the pages the code makes today with these files, so that a
change to a template or a view-model that changes what a reader gets does not pass unseen.
After a deliberate change, run `python scripts/snapshot_pages.py` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "snapshot" / "data"
SNAPSHOTS = ROOT / "tests" / "snapshots"
TODAY = dt.date(2026, 12, 3)
LANGUAGES = ("en", "ar")
# every kind of generated page, by its source path
PAGES = (
    "records/nap-ke-2020-2024.md", "records/krause2018participation.md",
    "records/hudson2017heart.md", "records/kaiptc-women-peace-and-security-institute.md",
    "records/femwise-africa.md", "records/unscr-1325.md", "records/better-peace-tool.md",
    "records/snapshot-pathway.md", "browse/index.md", "browse/type/index.md",
    "browse/country/ke.md", "browse/topic/naps.md", "centres.md", "pathways/index.md",
    "health.md", "data.md", "countries/index.md", "countries/ke.md", "countries/ye.md",
    "regions/eastern-africa.md", "organisations/au.md", "naps.md", "evidence.md",
)  # fmt: skip


def snapshot_hub(folder: Path):
    """The fixture's records with the real vocabularies, schemas, map and facts."""
    from wpshub.site.catalogue import load_hub

    shutil.copytree(FIXTURE, folder / "data")
    for name in ("vocab", "schema", "geo", "facts"):
        shutil.copytree(ROOT / "data" / name, folder / "data" / name)
    return load_hub(folder, today=TODAY)


def same_entities(html: str) -> str:
    """Quotes escaped one way (templates write &#34; and &#39;; the hub once wrote &quot; and
    &#x27;, which a browser reads the same)."""
    return html.replace("&quot;", "&#34;").replace("&#x27;", "&#39;")


def snapshot_pages(hub) -> dict[str, str]:
    """File name -> HTML, for every page of PAGES and every marker, in each language."""
    from wpshub.site.exports import build_exports
    from wpshub.site.render import MARKERS, Context, render_marker
    from wpshub.site.steps import pages_in_language

    out = {}
    for lang in LANGUAGES:
        ctx = Context(
            lang=lang, repository="https://forge.example.org/hub", contact="hub@example.org"
        )
        pages = pages_in_language(hub, ctx, build_exports(hub))
        for src in PAGES:
            out[f"{lang}--{src[:-3].replace('/', '--')}.html"] = pages[src].html
        offline = Context(lang=lang, offline=True, use_directory_urls=False)
        for marker in MARKERS:
            for name, context in (("online", ctx), ("offline", offline)):
                html = render_marker(marker, hub, "index.md", context)
                out[f"{lang}--marker-{marker}-{name}.html"] = html
    return {name: same_entities(html) + "\n" for name, html in out.items()}


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        pages = snapshot_pages(snapshot_hub(Path(folder)))
    shutil.rmtree(SNAPSHOTS, ignore_errors=True)
    SNAPSHOTS.mkdir(parents=True)
    for name, html in pages.items():
        (SNAPSHOTS / name).write_text(html, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {SNAPSHOTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
