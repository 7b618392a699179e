"""The `wpshub` command: validate records and, as the hub grows, more."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .validate import check_hub
from .vocab import VocabularyError
from .yamlload import YamlError


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
                paths.extend(
                    sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml", ".bib"))
                )
            elif not path.exists():
                print(f"{name}:1: file: no such file", file=sys.stderr)
                return 1
            else:
                paths.append(path)
    try:
        report = check_hub(root, paths)
    except (VocabularyError, YamlError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for problem in report.problems:
        if problem.is_error or not args.quiet:
            print(problem)
    print(report.summary())
    return 1 if report.errors else 0


def run_offline(args: argparse.Namespace) -> int:
    """Build dist/wps-hub-offline-<date>.zip."""
    from .offline import build_offline

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd())
    try:
        build_offline(root, Path(args.out).resolve() if args.out else root / "dist")
    except RuntimeError as exc:
        print(f"wpshub offline: {exc}", file=sys.stderr)
        return 1
    return 0


def run_build(args: argparse.Namespace) -> int:
    """Build the site atomically into site/ (or --site-dir)."""
    from .build import build_site_atomically

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd())
    return build_site_atomically(root, Path(args.site_dir) if args.site_dir else root / "site")


def build_parser() -> argparse.ArgumentParser:
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
    offline.set_defaults(func=run_offline)
    build = commands.add_parser(
        "build", help="build the site strictly; keep the old site/ unless it succeeds"
    )
    build.add_argument("--site-dir", help="output folder (default: site/)")
    build.set_defaults(func=run_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
