"""Reading PDFs back with poppler-utils (pdftotext, pdffonts, pdfinfo), as a person's
viewer would: the tests check what is printed, not how reportlab was called."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def _run(tool: str, data: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.pdf"
        path.write_bytes(data)
        result = subprocess.run(
            [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])], capture_output=True, check=True
        )
    return result.stdout.decode("utf-8")


def pdf_text(data: bytes) -> str:
    """``pdftotext -layout``: the whole text, pages separated by form feeds."""
    return _run("pdftotext", data, "-layout", "-enc", "UTF-8")


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page."""
    pages = pdf_text(data).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_fonts(data: bytes) -> list[dict[str, str]]:
    """``pdffonts`` rows as dicts: name, type, emb (yes/no), …"""
    lines = _run("pdffonts", data).splitlines()
    rows = []
    for line in lines[2:]:
        parts = line.split()
        # name, type (1–2 words), encoding, emb, sub, uni, object, id
        name, rest = parts[0], parts[1:]
        emb, sub, uni = rest[-5], rest[-4], rest[-3]
        kind = " ".join(rest[:-6])
        rows.append({"name": name, "type": kind, "emb": emb, "sub": sub, "uni": uni})
    return rows


def pdf_page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Width and height (points) of every page, from ``pdfinfo -f 1 -l N``."""
    info = _run("pdfinfo", data)
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    detail = _run("pdfinfo", data, "-f", "1", "-l", str(count))
    sizes = []
    for line in detail.splitlines():
        if line.startswith("Page") and "size:" in line:
            numbers = line.split("size:")[1].split()
            sizes.append((float(numbers[0]), float(numbers[2])))
    return sizes
