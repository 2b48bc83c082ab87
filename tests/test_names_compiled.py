"""The name finder compiled by mypyc (articles/names/native.py): built by `make`, loaded only
when built from the sources in place, and finding exactly the names plain Python finds."""

import json
import logging
import os
import shutil
import subprocess
import sys

from django.conf import settings

from articles.importers.text import parse_text
from articles.names import finder, native

# Reads [[title, [paragraph, ...]], ...] as JSON and prints the names the finder in use finds.
FIND_SCRIPT = """
import json, sys
from articles.names import finder, native
found = [[[n.kind, n.name] for n in finder.find_names(t, p)] for t, p in json.load(sys.stdin)]
print(json.dumps({"compiled": native.compiled(), "names": found}))
"""
WRITTEN = (
    "Talks in Geneva",
    [
        "Prime Minister Tony Blair met Mr Greenspan and economy minister Heizo Takenaka.",
        "Federated Record Sellers (FRS) said shares in TimeWarner rose, the FRS said.",
        "Chelsea beat Liverpool 2-0 at Stamford Bridge; Frank Lampard scored for Chelsea.",
    ],
)


def run_python(*arguments: str, compiled: bool, **options) -> subprocess.CompletedProcess:
    """Run this Python in the project with NEWSARCHIVE_COMPILED_FINDER set at start-up."""
    switch = {"NEWSARCHIVE_COMPILED_FINDER": "true" if compiled else "false"}
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env={**os.environ, **switch, **options.pop("env", {})},
        capture_output=True,
        text=True,
        timeout=120,
        **options,
    )


def run_finder(seed_file, compiled: bool) -> dict:
    seed = parse_text(seed_file.read_bytes())
    names = json.dumps([[seed.title, seed.paragraphs], WRITTEN])
    done = run_python("-c", FIND_SCRIPT, compiled=compiled, input=names, check=True)
    return json.loads(done.stdout)


def test_the_finder_in_use_is_the_compiled_one():
    # `make test` (and `make run`) build it first; a failed build fails here, not silently.
    assert native.compiled(), "the name finder is not compiled: run `make` (compile_finder)"
    assert finder.__file__.startswith(str(native.NATIVE_DIR))


def test_compiled_and_plain_finders_find_the_same_names(seed_file):
    compiled = run_finder(seed_file, compiled=True)
    plain = run_finder(seed_file, compiled=False)

    assert (compiled["compiled"], plain["compiled"]) == (True, False)
    assert compiled["names"] == plain["names"]
    seed_names, written_names = compiled["names"]
    assert ["person", "Volodymyr Zelensky"] in seed_names
    assert ["person", "Heizo Takenaka"] in written_names
    assert ["organisation", "Federated Record Sellers"] in written_names


def test_modules_built_from_other_sources_are_not_loaded(tmp_path, monkeypatch, caplog):
    built = tmp_path / "native"
    shutil.copytree(native.NATIVE_DIR, built)
    monkeypatch.setattr(native, "NATIVE_DIR", built)
    monkeypatch.setattr(native, "MANIFEST", built / "manifest.json")
    assert native._built_from_these_sources()

    manifest = json.loads(native.MANIFEST.read_text())
    manifest["sources"]["finder"] = "0" * 64  # as after an edit of finder.py since the build
    native.MANIFEST.write_text(json.dumps(manifest))
    with caplog.at_level(logging.WARNING, logger="articles.names.native"):
        assert not native._built_from_these_sources()
    assert "runs as plain Python" in caplog.text

    native.MANIFEST.unlink()  # never built (no C compiler): plain Python, and no warning
    caplog.clear()
    assert not native._built_from_these_sources()
    assert caplog.text == ""


# With the compiled modules off at start-up, loads those of the folder argv[1] (one of them
# damaged), then imports the finder the way the archive does.
DAMAGED_SCRIPT = """
import os, sys
from pathlib import Path
from articles.names import native
native.NATIVE_DIR, native.MANIFEST = Path(sys.argv[1]), Path(sys.argv[1]) / "manifest.json"
os.environ["NEWSARCHIVE_COMPILED_FINDER"] = "true"
print(native.load_compiled())
from articles.names import finder, spans
print(finder.__file__.endswith(".py"), spans.__file__.endswith(".py"), native.compiled())
print(finder.find_names("", ["Prime Minister Tony Blair spoke."]))
"""


def test_a_damaged_build_leaves_the_plain_finder_whole(tmp_path):
    damaged = tmp_path / "native"
    shutil.copytree(native.NATIVE_DIR, damaged)
    (damaged / f"finder{native.SUFFIX}").write_bytes(b"not a shared library")
    done = run_python("-c", DAMAGED_SCRIPT, str(damaged), compiled=False, check=True)

    loaded, plain, found = done.stdout.splitlines()
    assert loaded == "False"  # the words, gazetteer and spans it had loaded are put back
    assert plain == "True True False"
    assert "Tony Blair" in found
    assert "could not be loaded" in done.stderr


def test_where_mypyc_fails_the_build_says_so_and_keeps_the_finder_running(tmp_path):
    fake = tmp_path / "mypyc"  # a mypyc that fails, as one without a C compiler does
    fake.mkdir()
    (fake / "__init__.py").touch()
    (fake / "__main__.py").write_text('import sys; sys.exit("error: no C compiler")\n')
    manifest = native.MANIFEST.read_bytes()

    def compile_finder(*options):
        command = ("manage.py", "compile_finder", *options)
        return run_python(*command, compiled=False, env={"PYTHONPATH": str(tmp_path)})

    lenient, strict = compile_finder(), compile_finder("--strict")

    assert lenient.returncode == 0 and strict.returncode == 1
    assert "The name finder was not compiled" in lenient.stderr
    assert "it runs as plain Python" in strict.stderr
    assert native.MANIFEST.read_bytes() == manifest  # the last good build stays in place
