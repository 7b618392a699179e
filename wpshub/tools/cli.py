"""The `wpshub` command: validate records and, as the hub grows, more."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from ..data.records import terminal_safe
from ..data.validate import check_hub
from ..data.vocab import VocabularyError
from ..data.yamlload import YamlError
from ..site.i18n import check_catalogues

# `validate` reads and checks a large hub's files in two processes where two cores are there
VALIDATE_WORKERS = min(2, os.cpu_count() or 1)
NETWORK_COMMANDS = ("check-links", "fetch-documents")


def find_root(start: Path) -> Path:
    """The repository root: the nearest folder above `start` with data/vocab in it."""
    for folder in (start, *start.parents):
        if (folder / "data" / "vocab").is_dir():
            return folder
    raise SystemExit(f"wpshub: no data/vocab folder in {start} or above; run it inside the hub")


def run_validate(args: argparse.Namespace) -> int:
    """Check records; print problems, then one summary line; exit 1 on errors."""
    root = Path(args.root).resolve() if args.root else find_root(Path.cwd())
    paths = None
    if args.paths:
        paths = []
        for name in args.paths:
            path = Path(name)
            if path.is_dir():
                # every file: one out of its place is reported, never skipped in silence
                paths.extend(sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink()))
            elif not path.exists():
                print(f"{name}:1: file: no such file", file=sys.stderr)
                return 1
            else:
                paths.append(path)
    try:
        report = check_hub(root, paths, also=check_catalogues, workers=VALIDATE_WORKERS)
    except (VocabularyError, YamlError) as exc:
        print(terminal_safe(str(exc), True), file=sys.stderr)
        return 1
    for problem in report.problems:
        if problem.is_error or not args.quiet:
            print(problem)
    print(report.summary())
    return 1 if report.errors else 0


def run_report(args: argparse.Namespace) -> int:
    """Print the data-health report; exit 1 when the records do not validate."""
    from ..data.health import build_report, format_report, load_known_plans
    from ..data.vocab import load_vocabularies

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd())
    try:
        checked = check_hub(root, also=check_catalogues)
        vocab = load_vocabularies(root / "data")
    except (VocabularyError, YamlError) as exc:
        print(terminal_safe(str(exc), True), file=sys.stderr)
        return 1
    if checked.errors:
        for problem in checked.errors:
            print(problem, file=sys.stderr)
        print(checked.summary(), file=sys.stderr)
        return 1
    known = load_known_plans(root / "data", root, set(vocab.countries.terms))[0]
    report = build_report(checked.records, known, dt.date.today())
    print(terminal_safe(format_report(report, lambda c: vocab.countries.label(c)), True))
    return 0


def run_offline(args: argparse.Namespace) -> int:
    """Build dist/wps-hub-offline-<date>.zip."""
    from ..site.offline import build_offline

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd())
    try:
        build_offline(
            root,
            Path(args.out).resolve() if args.out else root / "dist",
            with_documents=args.with_documents,
        )
    except RuntimeError as exc:
        print(f"wpshub offline: {exc}", file=sys.stderr)
        return 1
    return 0


def run_build(args: argparse.Namespace) -> int:
    """Build the site atomically into site/ (or --site-dir)."""
    from ..site.build import build_site_atomically

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd())
    return build_site_atomically(root, Path(args.site_dir) if args.site_dir else root / "site")


def run_new(args: argparse.Namespace) -> int:
    """Make a record by prompts, or by flags for scripts: `wpshub new tools --title ...`."""
    import datetime as dt

    from .scaffold import (
        NEW_COLLECTIONS,
        NewRecord,
        NewRecordError,
        collection_message,
        field_specs,
    )

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd())
    if args.collection not in NEW_COLLECTIONS:
        print(f"wpshub new: {collection_message(args.collection)}", file=sys.stderr)
        return 2
    fields_parser = argparse.ArgumentParser(
        prog=f"wpshub new {args.collection}",
        description=f"Make a {args.collection} record. Without field flags, it asks for each field.",
    )
    fields_parser.add_argument(
        "--no-input",
        action="store_true",
        help="never prompt; fail when a required field is missing",
    )
    for spec in field_specs(root / "data", args.collection):
        extra = " (required)" if spec.required else ""
        if spec.kind == "terms":
            extra += "; several separated by commas"
        fields_parser.add_argument(
            "--" + spec.name.replace("_", "-"), dest=spec.name, metavar=spec.name.upper(),
            help=f"{spec.description}{extra}",
        )  # fmt: skip
    options = vars(fields_parser.parse_args(args.fields))
    no_input = options.pop("no_input")
    given = {name: value for name, value in options.items() if value is not None}
    interactive = not no_input and (not given or sys.stdin.isatty())
    maker = NewRecord(
        root=root,
        collection=args.collection,
        given=given,
        ask=input if interactive else None,
        out=sys.stdout,
        today=dt.date.today(),
    )
    try:
        path = maker.make()
    except NewRecordError as exc:
        print(
            terminal_safe(f"wpshub new: the record was not written:\n{exc}", True), file=sys.stderr
        )
        return 1
    rel = path.relative_to(root).as_posix()
    print(f"wrote {rel}: it validates. Review it, then open a pull request with it.")
    return 0


def run_import_bib(args: argparse.Namespace) -> int:
    """Import a BibTeX export; end with `imported N, skipped D duplicates, F failed, W need topics`."""
    from .importbib import import_bib

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd())
    source = Path(args.file)
    if not source.is_file():
        print(f"{args.file}:1: file: no such file", file=sys.stderr)
        return 1
    lists = {
        name: [item.strip() for item in (getattr(args, name) or "").split(",") if item.strip()]
        for name in ("topics", "countries", "regions", "languages")
    }
    try:
        result = import_bib(
            root,
            source,
            hub_fields=lists,
            target=Path(args.into).resolve() if args.into else None,
            dry_run=args.dry_run,
            out=sys.stdout,
        )
    except (VocabularyError, YamlError) as exc:
        print(terminal_safe(str(exc), True), file=sys.stderr)
        return 1
    for line in (*result.failed, *result.duplicates, *result.notes, *result.warnings):
        print(terminal_safe(str(line)))
    if result.imported:
        verb = "would be written to" if args.dry_run else "written to"
        print(f"{len(result.imported)} new entries {verb} {result.target}")
    print(result.summary())
    return 0


def run_check_links(args: argparse.Namespace) -> int:
    """Check every record's address and DOI; write data/link-status.json; exit 1 when broken."""
    from .linkcheck import run_from_args

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd())
    return run_from_args(root, args)


def run_fetch_documents(args: argparse.Namespace) -> int:
    """Fetch every record's document and store its text under data/documents/."""
    from .fetchdocs import run_from_args

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd())
    return run_from_args(root, args)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """Every command and its options. Given a command line (`main`), the options of the two
    network commands are added only when it names one of them or asks for help: their modules
    take about a third of the time the command's modules take to import."""
    with_network = (
        argv is None or not argv or any(arg in (*NETWORK_COMMANDS, "-h", "--help") for arg in argv)
    )
    parser = argparse.ArgumentParser(prog="wpshub", description="WPS Knowledge Hub tools")
    parser.add_argument("--root", help="repository root (default: found from the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check records (default: all of data/); exit 1 on errors"
    )
    validate.add_argument(
        "paths", nargs="*", help=".yaml or .bib files or folders (default: data/)"
    )
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="print errors only, not warnings"
    )
    validate.set_defaults(func=run_validate)
    offline = commands.add_parser(
        "offline", help="build the offline edition as dist/wps-hub-offline-<date>.zip"
    )
    offline.add_argument("--out", help="folder for the zip (default: dist/)")
    offline.add_argument(
        "--with-documents",
        action="store_true",
        help="carry the text of the records' documents (data/documents/) for offline search; "
        "the zips grow by the size printed",
    )
    offline.set_defaults(func=run_offline)
    report = commands.add_parser(
        "report", help="the data-health report: coverage, addresses, translations, checks"
    )
    report.set_defaults(func=run_report)
    build = commands.add_parser(
        "build", help="build the site strictly; keep the old site/ unless it succeeds"
    )
    build.add_argument("--site-dir", help="output folder (default: site/)")
    build.set_defaults(func=run_build)
    new = commands.add_parser(
        "new",
        help="make a new record file, asking for each field (or taking them as flags)",
        description="Make data/<collection>/<id>.yaml. `wpshub new tools --help` lists the fields.",
    )
    new.add_argument(
        "collection",
        help="centres, networks, organisations, tools, practices, plans, datasets or resolutions",
    )
    new.add_argument(
        "fields",
        nargs=argparse.REMAINDER,
        help="--field value ... (see `wpshub new COLLECTION --help`)",
    )
    new.set_defaults(func=run_new)
    imp = commands.add_parser(
        "import-bib",
        help="add the entries of a Zotero, JabRef or Google Scholar BibTeX export",
        description=(
            "Append the new entries of FILE.bib to data/research/<file name>.bib. Entries "
            "already in the hub (same DOI, or same title and year) are skipped and named; "
            "existing records are never changed."
        ),
    )
    imp.add_argument("file", metavar="FILE.bib")
    imp.add_argument(
        "--topics", help="topics for every entry, comma-separated (data/vocab/topics.yaml)"
    )
    imp.add_argument("--countries", help="ISO country codes for every entry, comma-separated")
    imp.add_argument("--regions", help="regions for every entry, comma-separated")
    imp.add_argument("--languages", help="language codes for every entry, comma-separated")
    imp.add_argument(
        "--into",
        metavar="FILE",
        help="the .bib file to append to (default: data/research/<name>.bib)",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="say what would be imported; write nothing"
    )
    imp.set_defaults(func=run_import_bib)
    links = commands.add_parser(
        "check-links",
        help="check every record's address and DOI; record the results in data/link-status.json",
        description=(
            "Check links concurrently (timeouts, retries with backoff, a per-host rate limit, "
            "redirects followed). Record pages show the result. Exit 1 when a link is broken."
        ),
    )
    if with_network:
        from .linkcheck import add_arguments as add_link_arguments

        add_link_arguments(links)
    links.set_defaults(func=run_check_links)
    documents = commands.add_parser(
        "fetch-documents",
        help="fetch each record's document and store its text under data/documents/ for search",
        description=(
            "Download the PDF or HTML page at each record's url (and its documents: list) as "
            "politely as check-links, extract the text (PDF page by page) and store it with a "
            "sidecar. Unchanged documents are not rewritten; a failed fetch keeps the old text. "
            "Exit 1 when a fetch failed."
        ),
    )
    if with_network:
        from .fetchdocs import add_arguments as add_document_arguments

        add_document_arguments(documents)
    documents.set_defaults(func=run_fetch_documents)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
