"""Atomic site builds: build into a fresh folder, then swap it in.

A build that fails (bad records, a broken page, the search indexer) leaves the previous good
`site/` exactly as it was; readers of a deployed copy never see half a site.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path


def run_mkdocs_build(
    root: Path,
    site_dir: Path,
    extra_env: dict[str, str] | None = None,
    capture: bool = True,
    engine: str = "mkdocs",
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the hub at `root` into `site_dir`, as its own process;
    `engine="properdocs"` builds it with ProperDocs, the maintained fork of MkDocs 1.6."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root, env=env, capture_output=capture, text=True, check=False,
    )  # fmt: skip


def interruptible() -> None:
    """`preexec_fn` for a `mkdocs serve` child: Ctrl-C's default handling, even when this
    process runs with SIGINT ignored, as a background job of a non-interactive shell does
    (`cmd &` in a script) and passes on to its children. Python started with SIGINT ignored
    never raises KeyboardInterrupt, so `stop_serving` would have to kill the serve, and a killed
    serve leaves its whole temporary site behind."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop_serving(process: subprocess.Popen, timeout: float = 60) -> None:
    """Stop a `mkdocs serve` process (started with `preexec_fn=interruptible`) as Ctrl-C does,
    so that it removes the temporary site it serves from (stopped with SIGTERM, it leaves a
    whole site in the temporary folder: 1.8 GB at 10,000 records); killed if it has not stopped
    after `timeout` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def build_site_atomically(
    root: Path, site_dir: Path, extra_env: dict[str, str] | None = None
) -> int:
    """`mkdocs build --strict` into a sibling folder; swap it in only if the build succeeds."""
    site_dir = site_dir.resolve()
    remove_stale_build_folders(site_dir)
    fresh = site_dir.with_name(f".{site_dir.name}.building-{os.getpid()}")
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    print(
        f"build: building into {fresh.name} (the current {site_dir.name}/ stays until it succeeds)"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(fresh)],
        cwd=root, env=env, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"build: failed; {site_dir.name}/ was left as it was", file=sys.stderr)
        return 1
    if site_dir.exists():
        site_dir.rename(old)
    fresh.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    print(f"build: {site_dir} is ready")
    return 0


def remove_stale_build_folders(site_dir: Path) -> list[Path]:
    """Remove the `.site.building-<pid>` and `.site.old-<pid>` folders of builds that were
    killed (their process is gone); a running build's folder is left alone."""
    removed = []
    for folder in site_dir.parent.glob(f".{site_dir.name}.*-*"):
        kind, _, pid = folder.name.rpartition("-")
        if not kind.endswith((".building", ".old")) or not pid.isdigit():
            continue
        if int(pid) != os.getpid() and process_alive(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def process_alive(pid: int) -> bool:
    """Whether process `pid` still runs (another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
