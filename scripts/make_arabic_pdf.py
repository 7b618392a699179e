"""Write tests/fixtures/documents/arabic.pdf: a right-to-left, two-page PDF made by this
project (Chromium prints an HTML page written here; the text is the hub's own), for the test
that fetch-documents extracts Arabic in reading order.

    .venv/bin/python scripts/make_arabic_pdf.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "documents" / "arabic.pdf"
PAGE = """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>خطة تجريبية</title></head><body>
<p>خطة العمل الوطنية بشأن المرأة والسلام والأمن</p>
<p style="break-before: page">تلتزم الخطة بدعم شبكات الوسيطات في المجتمعات المحلية</p>
</body></html>"""


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        page = browser.new_page()
        page.set_content(PAGE)
        page.pdf(path=str(OUT))
        browser.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
