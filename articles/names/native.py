"""The name finder compiled to C by mypyc, loaded when it was built from these very sources.

The finder is pure Python and runs once an article at import (issue 19: names found in the
text must not slow an import by more than 15%). mypyc compiles its modules (MODULES), as
they are, into C extensions that find the same names with about a third less CPU
(docs/benchmarks.md, import cost, the finder compiled).

    python manage.py compile_finder   (`make` runs it whenever the sources change)

The compiled modules live in var/native/, never beside their sources: an extension module
beside finder.py would be imported instead of it, so an edit of finder.py would do nothing
until the next build. Here a module built from other sources (an edit, a pull, another
Python) is not loaded, and the finder runs as plain Python: the same names, only slower.
NEWSARCHIVE_COMPILED_FINDER=false turns the compiled modules off.
"""

import hashlib
import importlib.machinery
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE = __package__  # articles.names
SOURCES = Path(__file__).resolve().parent
NATIVE_DIR = SOURCES.parents[1] / "var" / "native"
MANIFEST = NATIVE_DIR / "manifest.json"
# In the order they are loaded: each imports those before it, compiled.
MODULES = ("words", "gazetteer", "spans", "finder")
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]  # ".cpython-311-x86_64-linux-gnu.so"

_state = {"compiled": False}


def compiled() -> bool:
    """Return True if the finder in use is the compiled one."""
    return _state["compiled"]


def source_digests() -> dict[str, str]:
    """Return {module: sha256 of its source} of the modules compiled."""
    return {
        module: hashlib.sha256((SOURCES / f"{module}.py").read_bytes()).hexdigest()
        for module in MODULES
    }


def load_compiled() -> bool:
    """Put the compiled modules in sys.modules before anything imports the finder, if they
    were built from the sources here by this Python; return True if they were."""
    if os.environ.get("NEWSARCHIVE_COMPILED_FINDER", "true").strip().lower() in {"false", "0"}:
        return False
    if not _built_from_these_sources():
        return False
    loaded = []
    try:
        for module in MODULES:
            # Its runtime library first: the module's extension imports it by this name.
            for name in (f"{module}__mypyc", module):
                _load(f"{PACKAGE}.{name}", NATIVE_DIR / f"{name}{SUFFIX}")
                loaded.append(name)
    except (ImportError, OSError) as error:  # a damaged build: all of it or none
        for name in loaded:
            del sys.modules[f"{PACKAGE}.{name}"]
            vars(sys.modules[PACKAGE]).pop(name, None)
        log.warning(
            "The name finder runs as plain Python: %s could not be loaded (%s).", NATIVE_DIR, error
        )
        return False
    _state["compiled"] = True
    return True


def _built_from_these_sources() -> bool:
    try:
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False  # never built (no C compiler, or `make` not run): plain Python
    if manifest.get("suffix") != SUFFIX or manifest.get("sources") != source_digests():
        log.warning(
            "The name finder runs as plain Python (slower): its compiled modules in %s were "
            "built from other sources. `make` (manage.py compile_finder) builds them again.",
            NATIVE_DIR,
        )
        return False
    return True


def _load(name: str, path: Path) -> None:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"not an extension module: {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    # As the import system does: the package's attribute, for `articles.names.finder`.
    setattr(sys.modules[PACKAGE], name.rpartition(".")[2], module)


def build() -> None:
    """Compile the modules with mypyc in a scratch folder and install them in NATIVE_DIR,
    the manifest last: a build that fails half-way leaves nothing that loads."""
    digests = source_digests()  # of the sources compiled, read before they are copied
    with tempfile.TemporaryDirectory() as scratch:
        package = Path(scratch, *PACKAGE.split("."))
        shutil.copytree(SOURCES, package, ignore=shutil.ignore_patterns("__pycache__"))
        for parent in package.parents:  # the package's parents, as mypyc reads module names
            if parent == Path(scratch):
                break
            (parent / "__init__.py").touch()
        for module in MODULES:  # one at a time: each gets its own runtime library, named after it
            source = Path(*PACKAGE.split("."), f"{module}.py")
            subprocess.run(  # noqa: S603 -- this Python's mypyc on our own sources
                [sys.executable, "-m", "mypyc", "--ignore-missing-imports", str(source)],
                cwd=scratch,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        MANIFEST.unlink(missing_ok=True)
        NATIVE_DIR.mkdir(parents=True, exist_ok=True)
        for module in MODULES:
            for name in (f"{module}{SUFFIX}", f"{module}__mypyc{SUFFIX}"):
                shutil.copy2(package / name, NATIVE_DIR / name)
    MANIFEST.write_text(json.dumps({"suffix": SUFFIX, "sources": digests}, indent=2) + "\n")
