"""The house rules of ARCHITECTURE.md §2 that code can check."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_FREE = ("models", "forms")
SHARED = "../" + "shared"  # the project documents folder, never read by the product
FORBIDDEN = re.compile(r"^(PySide6|shiboken6|gui)(\.|$)")


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_models_and_forms_import_no_qt() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for package in QT_FREE
        for path in (ROOT / package).rglob("*.py")
        for name in imported_modules(path)
        if FORBIDDEN.match(name)
    ]
    assert offenders == []
    assert list((ROOT / "models").rglob("*.py")), "the check must see the models package"


def test_models_never_import_forms() -> None:
    """Data flows models → forms: the domain knows nothing of its printed forms."""
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "models").rglob("*.py")
        for name in imported_modules(path)
        if name == "forms" or name.startswith("forms.")
    ]
    assert offenders == []


def test_only_gui_errors_shows_message_boxes() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "gui").rglob("*.py")
        if "QMessageBox" in path.read_text(encoding="utf-8") and path.name != "errors.py"
    ]
    assert offenders == []


def test_product_code_never_reads_the_shared_folder() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("models", "forms", "gui")
        for path in (ROOT / folder).rglob("*.py")
        if SHARED in path.read_text(encoding="utf-8")
    ] + (["main.py"] if SHARED in (ROOT / "main.py").read_text(encoding="utf-8") else [])
    assert offenders == []


def test_main_imports_gui_lazily() -> None:
    top_level = [
        node
        for node in ast.parse((ROOT / "main.py").read_text(encoding="utf-8")).body
        if isinstance(node, (ast.Import, ast.ImportFrom))
    ]
    names = [getattr(node, "module", None) or node.names[0].name for node in top_level]
    assert not [name for name in names if FORBIDDEN.match(name)]


def test_bundled_fonts_and_licence_are_present() -> None:
    fonts = ROOT / "resources" / "fonts"
    for name in ("BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf", "BIZUDMincho-Regular.ttf"):
        assert (fonts / name).read_bytes()[:4] == b"\x00\x01\x00\x00", name  # TrueType outlines
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts / "OFL.txt").read_text(encoding="utf-8")
