"""Render the forms of the demo town as PNG pages for docs/forms/ (look at them after a change):

    python scripts/render_form_pages.py

Needs poppler-utils (pdftoppm). The 作成日 is fixed so the pages only change when the form does.
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
CREATED = date(2022, 10, 14)  # after the demo plan's last actual month (令和4年9月)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    store = Store.memory()
    try:
        create_demo(store)
        pdf = render_form(store, "issuance", created=CREATED)
    finally:
        store.close()
    for old in OUT.glob("issuance-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "issuance.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(source), str(OUT / "issuance")], check=True)
    for page in sorted(OUT.glob("issuance-*.png")):
        print(page.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
