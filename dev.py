#!/usr/bin/env python3
"""まちDX台帳 — one command to set up and start the app, one to set up and run the tests.

    python3 dev.py run  [app args...]      set up (runtime) and start the app (main.py)
    python3 dev.py test [pytest args...]   set up (runtime + dev) and run the test suite
    python3 dev.py setup [--force]         only set up (everything run and test need)

Setting up means, each step only when it is not already done:
  1. the virtual environment .venv (on Debian/Ubuntu without python3-venv: installs it
     when running as root, otherwise prints the exact apt-get command and exits 2);
  2. the pinned packages: `run` installs requirements.txt, `test` and `setup` install
     requirements-dev.txt (which includes requirements.txt);
  3. on Linux, the system libraries Qt needs (found with ldd on the PySide6 wheel's Qt
     libraries and platform plugins; offscreen for `test`, xcb/wayland for `run`), and the
     command-line tools the tests need (SYSTEM_TOOLS_FOR_TEST), installed with apt-get as
     root, or printed as one `sudo apt-get install ...` command (exit 2).
What is done is recorded in .venv/.dev-stamp.json (sha256 of the requirements files, the
result of the library check), so a second run starts at once without calling pip or ldd.
`python3 dev.py setup --force` forgets the record and checks everything again.

Standard library only; the file runs on Python 3.9+ and says so when the Python is older than
the app needs (MIN_PYTHON). Linux, macOS and Windows (`py dev.py run`; no system-library step).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".dev-stamp.json"
STAMP_VERSION = 1
IS_WINDOWS = os.name == "nt"
IS_LINUX = sys.platform.startswith("linux")
MIN_PYTHON = (3, 11)  # the app's own minimum (README); dev.py itself runs on 3.9+ to say so
MIN_PIP = (22, 0)  # older pips may not pick the PySide6 wheels' manylinux tags

# main.py's arguments that need no window (no "no display" hint for these)
HEADLESS_ARGS = {"-h", "--help", "--version", "--smoke-test", "demo", "check", "export", "import", "backup"}

RUN_REQUIREMENTS = "requirements.txt"
TEST_REQUIREMENTS = "requirements-dev.txt"

# Command-line tools the test suite needs: {tool: Debian package}. Checked on every `test`
# and `setup` (a PATH look-up, no cost); missing ones are installed like the Qt libraries.
# e.g. {"pdftotext": "poppler-utils", "pdftoppm": "poppler-utils"}
SYSTEM_TOOLS_FOR_TEST: dict[str, str] = {
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdftoppm": "poppler-utils",
}

# Files of the PySide6 wheel (relative to site-packages/PySide6) whose shared-library
# dependencies must all resolve. Glob patterns; a pattern matching nothing is ignored.
QT_FILES_TEST = [
    # the Python bindings pull in libpyside6, libshiboken6 and the Qt libraries
    "QtCore.abi3.so",
    "QtGui.abi3.so",
    "QtWidgets.abi3.so",
    "QtPrintSupport.abi3.so",
    "QtSvg.abi3.so",
    "QtSvgWidgets.abi3.so",
    "QtTest.abi3.so",
    "QtPdf.abi3.so",
    "QtPdfWidgets.abi3.so",
    "QtNetwork.abi3.so",
    "Qt/plugins/platforms/libqoffscreen.so",
    "Qt/plugins/platforms/libqminimal.so",
    "Qt/plugins/imageformats/libqsvg.so",
    "Qt/plugins/imageformats/libqjpeg.so",
    "Qt/plugins/imageformats/libqgif.so",
    "Qt/plugins/imageformats/libqico.so",
    "Qt/plugins/iconengines/libqsvgicon.so",
]
QT_FILES_RUN = [
    *QT_FILES_TEST,
    "Qt/plugins/platforms/libqxcb.so",  # X11 (and XWayland)
    "Qt/plugins/xcbglintegrations/*.so",
    "Qt/plugins/platforms/libqwayland.so",  # Wayland sessions
    "Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "Qt/plugins/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so",
    "Qt/plugins/wayland-decoration-client/libbradient.so",
    "Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",  # 日本語入力
    "Qt/plugins/platformthemes/libqxdgdesktopportal.so",
    # Not checked: printsupport/libcupsprintersupport.so (libcups2: printer list in Qt's
    # print dialog; without it Qt prints to PDF only), platformthemes/libqgtk3.so (GTK 3),
    # sqldrivers other than SQLite, imageformats/libqtiff.so (libtiff5, gone from Debian 12).
]

# Shared library (soname) -> Debian package, where Debian's naming rule (see
# _package_by_policy) does not give the right name. Checked on a minimal Debian 12.
LIB_PACKAGES = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libgmodule-2.0.so.0": "libglib2.0-0",
    "libz.so.1": "zlib1g",
    "libharfbuzz.so.0": "libharfbuzz0b",
    "libjpeg.so.62": "libjpeg62-turbo",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-util.so.0": "libxcb-util0",
}


# --------------------------------------------------------------------------- messages


def say(ja: str, en: str) -> None:
    print(f"[dev] {ja} / {en}", flush=True)


def die(ja: str, en: str, detail: str = "", code: int = 2) -> NoReturn:
    print(f"[dev] エラー / error: {ja}\n      {en}", file=sys.stderr, flush=True)
    if detail:
        print(detail.rstrip(), file=sys.stderr, flush=True)
    sys.exit(code)


def run_quiet(cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run cmd, capture stdout+stderr together; return (exit code, output)."""
    try:
        p = subprocess.run(
            list(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
        )
    except OSError as e:
        return 127, str(e)
    return p.returncode, p.stdout.decode("utf-8", "replace")


# --------------------------------------------------------------------------- stamp


def load_stamp() -> dict[str, Any]:
    try:
        with open(STAMP, encoding="utf-8") as f:
            data = json.load(f)
        if isinstance(data, dict) and data.get("version") == STAMP_VERSION:
            return data
    except (OSError, ValueError):
        pass
    return {"version": STAMP_VERSION}


def save_stamp(stamp: dict[str, Any]) -> None:
    tmp = STAMP.with_name(STAMP.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(stamp, f, indent=1, sort_keys=True)
    os.replace(tmp, STAMP)


def requirement_files(name: str, seen: list[Path] | None = None) -> list[Path]:
    """The file and every file it includes with -r/-c, in order."""
    seen = [] if seen is None else seen
    path = (ROOT / name).resolve() if not os.path.isabs(name) else Path(name)
    if path in seen:
        return seen
    if not path.is_file():
        die(f"{name} がありません", f"{name} is missing")
    seen.append(path)
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*(-r|--requirement|-c|--constraint)\s*=?\s*(\S+)", line)
        if m:
            requirement_files(str(path.parent / m.group(2)), seen)
    return seen


def requirements_hash(name: str) -> str:
    h = hashlib.sha256()
    for p in requirement_files(name):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------- venv


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if IS_WINDOWS else "bin/python")


def venv_identity() -> str:
    """Changes when the interpreter behind .venv changes (e.g. a Python upgrade)."""
    return os.path.realpath(venv_python())


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def has_apt() -> bool:
    return shutil.which("apt-get") is not None


def venv_package() -> str:
    """python3-venv for the distribution's default python3, else python3.X-venv."""
    default = shutil.which("python3")
    if default and os.path.realpath(default) == os.path.realpath(sys.executable):
        return "python3-venv"
    return f"python3.{sys.version_info[1]}-venv"


def base_python() -> str:
    """The interpreter to build .venv with (not a venv's python, should dev.py run in one)."""
    if sys.prefix != sys.base_prefix:
        return getattr(sys, "_base_executable", sys.executable)
    return sys.executable


def ensure_venv_module() -> None:
    import importlib.util

    if importlib.util.find_spec("venv") and importlib.util.find_spec("ensurepip"):
        return
    pkg = venv_package()
    say(
        f"python の venv/ensurepip がありません ({pkg} が必要)",
        f"python's venv/ensurepip is missing (needs {pkg})",
    )
    need_system_packages([pkg])
    importlib.invalidate_caches()
    if not importlib.util.find_spec("ensurepip"):
        die(f"{pkg} を入れても ensurepip が使えません", f"ensurepip is still missing after installing {pkg}")


def pip_version(py: Path) -> tuple[int, ...] | None:
    rc, out = run_quiet([str(py), "-m", "pip", "--version"])
    m = re.match(r"pip (\d+)\.(\d+)", out) if rc == 0 else None
    return (int(m.group(1)), int(m.group(2))) if m else None


def create_venv() -> None:
    if VENV.exists():
        say("壊れた .venv を作り直します", "recreating the broken .venv")
        shutil.rmtree(VENV)
    ensure_venv_module()
    say("仮想環境 .venv を作成しています", "creating the virtual environment .venv")
    rc, out = run_quiet([base_python(), "-m", "venv", str(VENV)])
    if rc != 0 or not venv_python().exists():
        shutil.rmtree(VENV, ignore_errors=True)
        cmd = f"sudo apt-get install {venv_package()}"
        die(
            f"python3 -m venv が失敗しました。Debian/Ubuntu では: {cmd}",
            f"python3 -m venv failed. On Debian/Ubuntu: {cmd}",
            out,
        )


def ensure_venv(stamp: dict[str, Any]) -> dict[str, Any]:
    """Return the stamp, emptied if the venv had to be (re)created."""
    py = venv_python()
    if py.exists() and stamp.get("venv") == venv_identity():
        return stamp  # fast path: nothing to run
    version = pip_version(py) if py.exists() else None
    if version is None:  # missing, half-created (no pip) or made by a removed python
        create_venv()
        version = pip_version(py)
        if version is None:
            die(".venv に pip がありません", "pip is missing in .venv")
    stamp = {"version": STAMP_VERSION, "venv": venv_identity()}
    if version < MIN_PIP:
        say("pip を更新しています", "upgrading pip")
        pip(["install", "--upgrade", "pip"])
    save_stamp(stamp)
    return stamp


def pip(args: list[str]) -> None:
    quiet = ["-q", "--disable-pip-version-check", "--no-input"]
    cmd = [str(venv_python()), "-m", "pip", *args[:1], *quiet, *args[1:]]
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    if subprocess.call(cmd, stdin=subprocess.DEVNULL, env=env) != 0:
        what = " ".join(args)
        die(f"pip が失敗しました: {what}", f"pip failed: {what}")


def ensure_requirements(stamp: dict[str, Any], name: str) -> None:
    digest = requirements_hash(name)
    installed = stamp.setdefault("requirements", {})
    if installed.get(name) == digest:
        return
    say(
        f"{name} のパッケージをインストールしています (数分かかることがあります)",
        f"installing the packages of {name} (this may take a few minutes)",
    )
    pip(["install", "-r", str(ROOT / name)])
    for p in requirement_files(name):  # included files are installed too
        installed[os.path.relpath(p, ROOT)] = requirements_hash(str(p))
    installed[name] = digest
    stamp.pop("syslibs", None)  # new wheels: check their libraries again
    save_stamp(stamp)


# --------------------------------------------------------------------------- system packages


def apt_lists_present() -> bool:
    return bool(glob.glob("/var/lib/apt/lists/*_Packages*"))


def apt_candidates(pkgs: Iterable[str]) -> dict[str, bool]:
    """{package: has an installation candidate} from apt-cache policy."""
    pkgs = list(pkgs)
    _rc, out = run_quiet(["apt-cache", "policy", *pkgs], env=dict(os.environ, LC_ALL="C"))
    result = {p: False for p in pkgs}
    current = None
    for line in out.splitlines():
        m = re.match(r"^(\S+?)(:\S+)?:$", line)
        if m:
            current = m.group(1)
            continue
        m = re.match(r"^\s+Candidate:\s*(\S+)", line)
        if m and current in result:
            result[current] = m.group(1) != "(none)"
    return result


def apt_install(pkgs: list[str]) -> None:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive", LC_ALL="C")
    updated = False

    def update() -> None:
        say("apt-get update を実行しています", "running apt-get update")
        rc, out = run_quiet(["apt-get", "update", "-q"], env=env)
        if rc != 0:
            die("apt-get update が失敗しました", "apt-get update failed", out)

    if not apt_lists_present() or not all(apt_candidates(pkgs).values()):
        update()
        updated = True
    # Debian 13 / Ubuntu 24.04 renamed some libraries (…t64): take the new name if only it exists
    cand = apt_candidates(pkgs + [p + "t64" for p in pkgs])
    pkgs = [p + "t64" if not cand.get(p) and cand.get(p + "t64") else p for p in pkgs]
    cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *pkgs]
    names = " ".join(pkgs)
    say(f"システムパッケージをインストールしています: {names}", f"installing system packages: {names}")
    rc, out = run_quiet(cmd, env=env)
    if rc != 0 and not updated:
        update()
        rc, out = run_quiet(cmd, env=env)
    if rc != 0:
        die("apt-get install が失敗しました", "apt-get install failed", out)


def need_system_packages(pkgs: list[str], unknown_libs: Sequence[str] = ()) -> None:
    """Install Debian packages as root, or print the command to run and exit 2."""
    pkgs = sorted(set(pkgs))
    if pkgs and is_root() and has_apt():
        apt_install(pkgs)
        return
    lines = []
    if pkgs and has_apt():
        lines.append("    sudo apt-get install " + " ".join(pkgs))
    elif pkgs:
        lines.append("    (Debian/Ubuntu packages: " + " ".join(pkgs) + ")")
    if unknown_libs:
        lines.append("    libraries: " + " ".join(sorted(unknown_libs)))
    die(
        "必要なシステムパッケージがありません。次を実行してから、もう一度実行してください:",
        "system packages are missing. Run the following, then run this command again:",
        "\n".join(lines),
    )


def missing_tools(tools: dict[str, str]) -> dict[str, str]:
    return {t: p for t, p in tools.items() if shutil.which(t) is None}


def ensure_tools(tools: dict[str, str]) -> None:
    """Commands on PATH that the tests need ({tool: Debian package})."""
    missing = missing_tools(tools)
    if not missing:
        return
    names = " ".join(sorted(missing))
    say(f"コマンドがありません: {names}", f"commands missing: {names}")
    if not has_apt():
        die(
            f"テストに必要なコマンドをインストールしてください: {names}",
            f"install the commands the tests need: {names}"
            f" (Debian packages: {' '.join(sorted(set(missing.values())))})",
        )
    need_system_packages(list(missing.values()))
    still = " ".join(sorted(missing_tools(tools)))
    if still:
        die(
            f"インストール後もコマンドがありません: {still}",
            f"commands still missing after installing: {still}",
        )


# --------------------------------------------------------------------------- Qt libraries


def pyside_dir() -> Path | None:
    for d in sorted(glob.glob(str(VENV / "lib" / "python3*" / "site-packages" / "PySide6"))):
        return Path(d)
    return None


def qt_files(patterns: Sequence[str]) -> list[str]:
    base = pyside_dir()
    if base is None:
        die(".venv に PySide6 がありません", "PySide6 is not installed in .venv")
    files: list[str] = []
    for pat in patterns:
        for f in sorted(glob.glob(os.path.join(glob.escape(str(base)), pat))):
            if f not in files:
                files.append(f)
    if not files:
        die("PySide6 の Qt ライブラリが見つかりません", "PySide6's Qt libraries not found")
    return files


def syslib_key(files: Sequence[str]) -> str:
    """Changes when the checked files or the system's library cache change."""
    h = hashlib.sha256()
    for f in [*list(files), "/etc/ld.so.cache"]:
        try:
            st = os.stat(f)
            h.update(f"{f}\0{st.st_mtime_ns}\0{st.st_size}\0".encode())
        except OSError:
            h.update(f"{f}\0-\0".encode())
    return h.hexdigest()


def ldd_missing(files: Sequence[str]) -> dict[str, list[str]]:
    """{missing soname: [files needing it]}."""
    missing: dict[str, list[str]] = {}
    env = dict(os.environ, LC_ALL="C")
    for i in range(0, len(files), 20):
        chunk = list(files[i : i + 20])
        _, out = run_quiet(["ldd", *chunk], env=env)
        current = chunk[0]
        for line in out.splitlines():
            if not line.startswith(("\t", " ")) and line.endswith(":"):
                current = line[:-1]
            m = re.match(r"\s+(\S+) => not found", line)
            if m:
                missing.setdefault(m.group(1), []).append(os.path.basename(current))
    return missing


def _package_by_policy(soname: str) -> str | None:
    """Debian's library package naming: libfoo.so.1 -> libfoo1, libfoo-2.so.3 -> libfoo-2-3."""
    m = re.match(r"^(lib[A-Za-z0-9_+.\-]+?)\.so\.(\d+)", soname)
    if not m:
        return None
    stem = m.group(1).lower().replace("_", "-")
    return stem + ("-" if stem[-1].isdigit() else "") + m.group(2)


def packages_for(libs: Sequence[str]) -> tuple[list[str], list[str]]:
    """Map sonames to Debian packages; returns (packages, libraries with no known package)."""
    pkgs: dict[str, str] = {}
    for lib in libs:
        pkg = LIB_PACKAGES.get(lib) or _package_by_policy(lib)
        if pkg:
            pkgs[lib] = pkg
    unknown = [lib for lib in libs if lib not in pkgs]
    return sorted(set(pkgs.values())), unknown


def ensure_qt_libraries(
    stamp: dict[str, Any], groups: dict[str, Sequence[str]], extra_packages: Sequence[str] = ()
) -> None:
    """Make the libraries of every group's files resolve ({group name: file patterns}).
    All groups are checked in one pass, and extra_packages (e.g. missing test tools) join
    the first install, so that a user without root gets one command to run."""
    if not IS_LINUX:
        return  # macOS and Windows wheels bring everything they need
    checked = stamp.setdefault("syslibs", {})
    group_files = {group: qt_files(patterns) for group, patterns in groups.items()}
    if all(checked.get(g) == syslib_key(f) for g, f in group_files.items()):
        return
    files = sorted({f for fs in group_files.values() for f in fs})
    if shutil.which("ldd") is None:
        say("ldd がありません", "ldd is missing")
        need_system_packages(["libc-bin"])
    previous = None
    for _ in range(6):
        missing = ldd_missing(files)
        if not missing:
            break
        key = sorted(missing)
        if key == previous:
            die(
                "インストール後も Qt のライブラリが見つかりません",
                "Qt's libraries are still missing after installing packages",
                "\n".join(
                    f"    {lib} (needed by {', '.join(sorted(set(users)))})"
                    for lib, users in sorted(missing.items())
                ),
            )
        previous = key
        pkgs, unknown = packages_for(key)
        pkgs = [*pkgs, *extra_packages]
        extra_packages = ()
        names = " ".join(key)
        say(f"Qt に必要なライブラリがありません: {names}", f"libraries Qt needs are missing: {names}")
        need_system_packages(pkgs, unknown)
    else:
        die("Qt のライブラリを揃えられませんでした", "could not install Qt's libraries")
    for group, fs in group_files.items():
        checked[group] = syslib_key(fs)
    save_stamp(stamp)


# --------------------------------------------------------------------------- commands


def setup(profile: str, force: bool = False) -> None:
    if sys.version_info < MIN_PYTHON:
        need = ".".join(map(str, MIN_PYTHON))
        have = ".".join(map(str, sys.version_info[:2]))
        die(
            f"Python {need} 以上が必要です (この python3 は {have})",
            f"Python {need} or newer is needed (this python3 is {have})",
        )
    stamp = {"version": STAMP_VERSION} if force else load_stamp()
    stamp = ensure_venv(stamp)
    if profile == "run":
        ensure_requirements(stamp, RUN_REQUIREMENTS)
        ensure_qt_libraries(stamp, {"run": QT_FILES_RUN})
        return
    ensure_requirements(stamp, TEST_REQUIREMENTS)
    groups: dict[str, Sequence[str]] = {"test": QT_FILES_TEST}
    if profile == "setup":
        groups["run"] = QT_FILES_RUN
    tool_packages = sorted(set(missing_tools(SYSTEM_TOOLS_FOR_TEST).values()))
    ensure_qt_libraries(stamp, groups, tool_packages)
    ensure_tools(SYSTEM_TOOLS_FOR_TEST)


def launch(args: list[str]) -> NoReturn:
    """Replace this process with the venv's python (so signals and exit codes pass through)."""
    py = str(venv_python())
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(ROOT)
    if IS_WINDOWS:
        sys.exit(subprocess.call([py, *args]))
    os.execv(py, [py, *args])


def usage() -> None:
    print(__doc__.split("\n\n")[1])


def main(argv: list[str]) -> None:
    if not argv or argv[0] in ("-h", "--help", "help"):
        usage()
        sys.exit(0 if argv else 2)
    cmd, rest = argv[0], argv[1:]
    if rest[:1] == ["--"]:  # `python3 dev.py run -- --db PATH`: the rest goes to the app/pytest
        rest = rest[1:]
    if cmd == "setup":
        setup("setup", force="--force" in rest)
        say("準備ができました", "setup complete")
    elif cmd == "test":
        setup("test")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        launch(["-m", "pytest", *rest])
    elif cmd == "run":
        setup("run")
        headless = any(a in HEADLESS_ARGS for a in rest)
        if (
            IS_LINUX
            and not headless
            and not (
                os.environ.get("DISPLAY")
                or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM")
            )
        ):
            say(
                "画面 (DISPLAY) がありません。xvfb-run python3 dev.py run か "
                "QT_QPA_PLATFORM=offscreen で実行してください。このまま起動を試みます",
                "no display (DISPLAY) found: use xvfb-run python3 dev.py run or set "
                "QT_QPA_PLATFORM=offscreen. Trying anyway",
            )
        if not (ROOT / "main.py").is_file():
            die("main.py がありません", "main.py is missing")
        launch(["main.py", *rest])
    else:
        usage()
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
