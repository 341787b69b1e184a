"""Render the forms of the demo town as PNG pages for docs/forms/ (look at them after a change):

    python scripts/render_form_pages.py

Needs poppler-utils (pdftoppm). The 作成日 is fixed so the pages only change when the form does:
issuance-N.png (交付円滑化計画), procedures-N.png (行政手続のオンライン化 取組状況) and
publication-N.png (情報通信技術の利用に関する状況の公表, the latest 年度 with figures).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forms.commands.pdf import render_form  # noqa: E402
from models.demo import create_demo  # noqa: E402
from models.store.database import Store  # noqa: E402

OUT = ROOT / "docs" / "forms"
#: (form key, PNG prefix, 作成日)
PAGES = (
    ("issuance", "issuance", date(2022, 10, 14)),  # after the demo plan's last actual month (令和4年9月)
    ("procedures", "procedures", date(2024, 6, 20)),  # after 令和5年度, the demo's last 年度 of figures
    ("procedures-publication", "publication", date(2024, 6, 20)),
)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    store = Store.memory()
    try:
        create_demo(store)
        pdfs = {prefix: render_form(store, form, created=created) for form, prefix, created in PAGES}
    finally:
        store.close()
    with tempfile.TemporaryDirectory() as tmp:
        for prefix, pdf in pdfs.items():
            for old in OUT.glob(f"{prefix}-*.png"):
                old.unlink()
            source = Path(tmp) / f"{prefix}.pdf"
            source.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-r", "80", "-png", str(source), str(OUT / prefix)], check=True)
            for page in sorted(OUT.glob(f"{prefix}-*.png")):
                print(page.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
