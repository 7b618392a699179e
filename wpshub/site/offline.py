"""The offline edition: the whole hub as one zip that works opened from disk (file://).

Pagefind cannot load from file:// (module imports and fetch are blocked), so the offline build
adds `assets/offline-catalogue.js`, a classic script holding every record's facets and text;
`assets/explore.js` filters and searches it when the page is opened from disk.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import shutil
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from ..data.addresses import safe_url
from ..data.records import Record
from ..data.vocab import fold
from .build import run_mkdocs_build
from .catalogue import FACETS, Hub, record_year
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, active_languages, direction, edition_language
from .render import (
    Context,
    Download,
    documents_in_build,
    facet_label,
    offline_catalogue_path,
    page_url,
    record_kind,
    record_src,
)
from .templating import render

ZIP_PREFIX = "wps-hub-offline-"
ZIP_LEVEL = 9
OFFLINE_CATALOGUE = re.compile(r"assets/offline-catalogue(\.[a-z]{2})?\.js$")
TEXT_FIELDS = (
    "title", "title_en", "summary", "authors", "editors", "publisher", "host", "institution",
    "organization", "journal", "booktitle", "city", "notes", "note", "series",
)  # fmt: skip

README = {
    "en": """WPS Knowledge Hub - offline edition, built {date}
=================================================

How to open it
--------------
1. Unzip this file into a folder.
2. Open index.html in that folder with your web browser (double-click it).

Every page, the Explore filters (type, topic, region, country, organisation, language,
resolution, year) and the word search work straight from your disk. Nothing is fetched
from the network: no fonts, scripts or trackers from anywhere else.

Online search
-------------
The online site's search engine (Pagefind) cannot run from a file on disk. To use it, start a
small local web server inside this folder:

    python3 -m http.server

then open http://127.0.0.1:8000/ in your browser. The same pages then use Pagefind.

{count} records. Each record page names where its facts were read and when they were checked.
""",
    "fr": """WPS Knowledge Hub (femmes, paix et sécurité) - édition hors ligne, construite le {date}
=====================================================================================

Comment l'ouvrir
----------------
1. Décompressez ce fichier dans un dossier.
2. Ouvrez index.html dans ce dossier avec votre navigateur (double-clic).

Toutes les pages, les filtres d'Explorer (type, thème, région, pays, organisation, langue,
résolution, année) et la recherche par mots fonctionnent directement depuis votre disque.
Rien n'est chargé depuis le réseau : aucune police, aucun script, aucun traceur d'ailleurs.

Recherche en ligne
------------------
Le moteur de recherche du site en ligne (Pagefind) ne fonctionne pas depuis un fichier sur le
disque. Pour l'utiliser, lancez un petit serveur web local dans ce dossier :

    python3 -m http.server

puis ouvrez http://127.0.0.1:8000/ dans votre navigateur. Les mêmes pages utilisent alors
Pagefind.

{count} fiches. Chaque fiche indique où ses informations ont été lues et quand elles ont été
vérifiées.
""",
    "es": """WPS Knowledge Hub (mujeres, paz y seguridad) - edición sin conexión, compilada el {date}
======================================================================================

Cómo abrirla
------------
1. Descomprima este archivo en una carpeta.
2. Abra index.html de esa carpeta con su navegador (doble clic).

Todas las páginas, los filtros de Explorar (tipo, tema, región, país, organización, idioma,
resolución, año) y la búsqueda por palabras funcionan directamente desde su disco. No se
descarga nada de la red: ni fuentes, ni scripts, ni rastreadores de otros sitios.

Búsqueda en línea
-----------------
El motor de búsqueda del sitio en línea (Pagefind) no funciona desde un archivo del disco.
Para usarlo, inicie un pequeño servidor web local en esta carpeta:

    python3 -m http.server

y abra http://127.0.0.1:8000/ en su navegador. Las mismas páginas usarán entonces Pagefind.

{count} registros. Cada registro indica dónde se leyeron sus datos y cuándo se comprobaron.
""",
    "ar": """WPS Knowledge Hub (المرأة والسلام والأمن) - النسخة غير المتصلة بالإنترنت، أُعدّت في {date}
=========================================================================================

طريقة فتحها
-----------
1. فُكّ ضغط هذا الملف في مجلد.
2. افتح الملف index.html في ذلك المجلد بمتصفحك (انقر عليه نقرا مزدوجا).

تعمل كل الصفحات ومرشحات صفحة الاستكشاف (النوع، الموضوع، المنطقة، البلد، المنظمة، اللغة،
القرار، السنة) والبحث بالكلمات مباشرة من قرصك. لا يُجلب أي شيء من الشبكة: لا خطوط ولا نصوص
برمجية ولا أدوات تتبع من أي مكان آخر.

البحث على الإنترنت
------------------
لا يعمل محرك البحث في الموقع الإلكتروني (Pagefind) من ملف على القرص. لاستخدامه، شغّل خادم
ويب محليا صغيرا داخل هذا المجلد:

    python3 -m http.server

ثم افتح http://127.0.0.1:8000/ في متصفحك. وستستخدم الصفحات نفسها حينئذ Pagefind.

{count} سجلا. تذكر صفحة كل سجل أين قُرئت معلوماته ومتى تُحقق منها.
""",
}


WHOLE_ZIP = re.compile(re.escape(ZIP_PREFIX) + r"\d{4}-\d{2}-\d{2}\.zip")


def zip_name(day: dt.date) -> str:
    return f"{ZIP_PREFIX}{day.isoformat()}.zip"


def find_offline_zip(dist: Path) -> Download | None:
    """The newest offline zip in dist/, with the zips of single languages built with it."""
    zips = (
        sorted(p for p in dist.glob(f"{ZIP_PREFIX}*.zip") if WHOLE_ZIP.fullmatch(p.name))
        if dist.is_dir()
        else []
    )
    if not zips:
        return None
    path = zips[-1]
    check_zip(path)
    built = path.stem[len(ZIP_PREFIX) :]
    parts = tuple(
        Download(name=part.name, size=part.stat().st_size, built=built, path=str(part), lang=lang)
        for lang in LANGUAGES
        if (part := dist / language_zip_name(dt.date.fromisoformat(built), lang)).exists()
    )
    return Download(
        name=path.name, size=path.stat().st_size, built=built, path=str(path), parts=parts
    )


class OfflineZipError(RuntimeError):
    """An offline zip cannot be offered, or another run is writing dist/."""


def check_zip(path: Path) -> None:
    """Refuse a zip whose directory cannot be read: one cut short by a kill or a full disk."""
    try:
        with zipfile.ZipFile(path) as archive:
            archive.namelist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise OfflineZipError(
            f"{path}: not a complete zip ({exc}); run `make offline` again or delete it"
        ) from None


@contextmanager
def dist_lock(dist: Path) -> Iterator[None]:
    """One `wpshub offline` at a time per dist/ folder; a second one stops at once."""
    dist.mkdir(parents=True, exist_ok=True)
    with (dist / ".offline.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OfflineZipError(
                f"another `wpshub offline` is writing {dist}; wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_zip_atomically(target: Path, write: Callable[[Path], object]) -> Path:
    """Write a zip under a temporary name beside `target`, then move it into place: a reader
    never finds half a zip under the real name."""
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def publish_offline_zip(download: Download, site_dir: Path) -> Path:
    """Copy the offline zip into site/downloads/ so the online site offers it."""
    target = site_dir / "downloads" / download.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(download.path, target)
    for part in download.parts:
        shutil.copyfile(part.path, target.parent / part.name)
    return target


# --- one zip per language -----------------------------------------------------------------------


def readme_name(lang: str) -> str:
    """The README of a language in the whole offline site."""
    return "README.txt" if lang == DEFAULT_LANGUAGE else f"README.{lang}.txt"


def language_zip_name(day: dt.date, lang: str) -> str:
    return f"{ZIP_PREFIX}{day.isoformat()}-{lang}.zip"


def record_text(record: Record, hub: Hub, lang: str = DEFAULT_LANGUAGE) -> str:
    """Everything a reader can search in a record, folded for matching: its own text, its
    translation into `lang` and its facet labels in English and in `lang`."""
    parts: list[str] = []
    names = (
        TEXT_FIELDS
        if lang == DEFAULT_LANGUAGE
        else (*TEXT_FIELDS, f"title_{lang}", f"summary_{lang}")
    )
    for name in names:
        value = record.get(name)
        if isinstance(value, list):
            parts.extend(str(v) for v in value)
        elif value not in (None, ""):
            parts.append(str(value))
    for facet, values in hub.facets[record.id].items():
        parts.extend(facet_label(hub, facet, v) for v in values)
        if lang != DEFAULT_LANGUAGE:
            parts.extend(facet_label(hub, facet, v, lang) for v in values)
    return fold(" ".join(parts))


def offline_catalogue(hub: Hub, ctx: Context) -> dict:
    """Data for the offline explore page: facet labels and every record's facets and text."""
    labels = {
        facet: {
            v: facet_label(hub, facet, v, ctx.lang)
            for r in hub.records
            for v in hub.facets[r.id][facet]
        }
        for facet in FACETS
    }
    with_text = documents_in_build(hub, ctx)
    if with_text:
        labels["in"] = {"document": ctx.t("explore.in_document")}
    records = []
    for record in hub.records:
        facets = hub.facets[record.id]
        year = record_year(record)
        kind = record_kind(record, hub, ctx.lang)
        summary = str(record.get(f"summary_{ctx.lang}") or record.get("summary") or "")
        records.append(
            {
                "t": record.title,
                "p": page_url(record_src(record), ctx),
                "k": kind,
                "y": year or 0,
                "s": summary[:300],
                "f": {facet: facets[facet] for facet in FACETS if facets[facet]},
                "x": record_text(record, hub, ctx.lang),
            }
        )
        if record.id in with_text:  # wpshub offline --with-documents: each page's text
            records[-1]["f"]["in"] = ["document"]
            records[-1]["d"] = [
                {"u": safe_url(d.url) or "", "g": d.pages is not None, "p": d.page_texts()}
                for d in with_text[record.id]
            ]
    return {
        "built": hub.today.isoformat(),
        "count": len(records),
        "labels": labels,
        "records": records,
    }


def write_offline_catalogue(hub: Hub, ctx: Context, site_dir: Path) -> Path:
    """Write assets/offline-catalogue[.<lang>].js, a classic script (no module, no fetch)."""
    data = json.dumps(offline_catalogue(hub, ctx), ensure_ascii=False, separators=(",", ":"))
    # inert inside any HTML context, should the script ever be inlined
    data = (
        data.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    path = site_dir / offline_catalogue_path(ctx.lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"window.WPS_OFFLINE = {data};\n", encoding="utf-8")
    return path


def write_offline_catalogues(hub: Hub, ctx: Context, site_dir: Path) -> list[Path]:
    """The offline catalogue of every language being built."""
    return [
        write_offline_catalogue(hub, replace(ctx, lang=lang), site_dir)
        for lang in active_languages()
    ]


def documents_share(zip_path: Path) -> int:
    """Bytes the documents' text adds to a zip: its offline catalogues compressed as they are,
    less the same catalogues compressed without the text (each record's "d")."""
    added = 0
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            if not OFFLINE_CATALOGUE.search(info.filename):
                continue
            text = archive.read(info).decode("utf-8")
            data = json.loads(text[text.index("=") + 1 : text.rindex(";")])
            for record in data["records"]:
                record.pop("d", None)
            bare = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            added += info.compress_size - len(zlib.compress(bare, ZIP_LEVEL))
    return max(added, 0)


def build_edition(
    root: Path, site: Path, day: dt.date, edition: str | None = None, documents: bool = False
) -> int:
    """Build the site for file:// into `site`: the whole hub, or one language's own edition
    (WPSHUB_EDITION: its pages only, a switcher offering no other language), with the
    documents' text in its search when `documents`. Returns the number of records."""
    # no site address: a page read from disk links to nothing online (no canonical, no
    # absolute alternates, no sitemap of the online site)
    env = {
        "WPSHUB_OFFLINE": "1",
        "WPSHUB_SITE_URL": "",
        "WPSHUB_EDITION": edition or "",
        "WPSHUB_OFFLINE_DOCUMENTS": "1" if documents else "",
    }
    result = run_mkdocs_build(root, site, env)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        what = f"the {edition} offline edition" if edition else "the offline build"
        raise RuntimeError(f"{what} failed (mkdocs exit code {result.returncode})")
    count = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))["count"]
    # README.txt in English, and README.<lang>.txt in each other language; a language's own
    # edition carries its README as README.txt
    for lang in (edition,) if edition else active_languages():
        name = "README.txt" if edition else readme_name(lang)
        text = README.get(lang, README[DEFAULT_LANGUAGE])
        (site / name).write_text(text.format(date=day.isoformat(), count=count), "utf-8")
    if edition and edition != DEFAULT_LANGUAGE:  # the zip opens on the language's home
        (site / "index.html").write_text(
            render("redirect.html", lang=edition, direction=direction(edition)), "utf-8"
        )
    shutil.rmtree(site / "downloads", ignore_errors=True)
    # the error page is written for a server (absolute links); from disk it is never shown
    (site / "404.html").unlink(missing_ok=True)
    return count


def zip_folder(site: Path, target: Path) -> None:
    """Every file of `site`, in name order, deflated."""
    with zipfile.ZipFile(
        target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL
    ) as archive:
        for item in sorted(site.rglob("*")):
            if item.is_file():
                archive.write(item, item.relative_to(site).as_posix())


def build_offline(
    root: Path,
    dist: Path,
    today: dt.date | None = None,
    log: Callable[[str], None] = print,
    with_documents: bool = False,
) -> Path:
    """Build the site for file:// and zip it as dist/wps-hub-offline-<date>.zip, with one
    smaller zip per language (each built as that language's edition) when there are several.
    The builds run side by side, one per processor; no zip is written until every build is
    done and holds the same records, so dist/ never mixes today's zips with older ones."""
    if edition_language():
        raise OfflineZipError(
            "WPSHUB_EDITION is set: `wpshub offline` builds every edition itself; unset it"
        )
    day = today or dt.date.today()
    languages = active_languages()
    # the whole hub first, then (for readers who need one language) each language's edition
    editions: list[str | None] = [None, *(languages if len(languages) > 1 else ())]
    with (
        dist_lock(dist),
        tempfile.TemporaryDirectory(prefix="wpshub-offline-") as tmp,
        ThreadPoolExecutor(max_workers=min(len(editions), os.cpu_count() or 1)) as pool,
    ):
        log(f"offline: building the site for reading from disk ({len(editions)} editions)...")
        folders = [Path(tmp) / (edition or "site") for edition in editions]
        builds = [
            pool.submit(build_edition, root, folder, day, edition, with_documents)
            for edition, folder in zip(editions, folders, strict=True)
        ]
        counts = [build.result() for build in builds]
        if len(set(counts)) != 1:  # data/ changed while the editions were being built
            raise OfflineZipError(
                f"the editions hold different numbers of records ({counts}): run it again"
            )
        written: list[Path] = []
        for edition, folder in zip(editions, folders, strict=True):
            target = dist / (language_zip_name(day, edition) if edition else zip_name(day))
            written.append(write_zip_atomically(target, lambda path, f=folder: zip_folder(f, path)))
            size = f"{target.stat().st_size / 1_000_000:.1f} MB" + (
                f", {edition} only" if edition else ""
            )
            if with_documents:
                size += f", of which the documents' text {documents_share(target) / 1e6:.1f} MB"
            log(f"offline: wrote {target}: {counts[0]} records ({size})")
        # older zips go only once every new one is in place
        for old in dist.glob(f"{ZIP_PREFIX}*.zip"):
            if old not in written:
                old.unlink()
    return written[0]
