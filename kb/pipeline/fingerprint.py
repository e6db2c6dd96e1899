"""What decides a build's rows besides the documents, as one hash: reference data and the code the build runs.

The code part is every module of ``kb`` that the build imports, found by
walking the import statements (function-level ones included) from
``kb.pipeline.build``. Serving code, the command line and the tools beside
the package are not imported by the build, so editing them parses nothing
again; editing a recogniser, the schema or the graph derivation changes the
hash and every document is parsed again.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import spacy

from kb.corpus.readers import READERS, reader_label
from kb.models import Document

PACKAGE_DIR = Path(__file__).resolve().parents[1]
"""The kb package."""

BUILD_MODULE = "kb.pipeline.build"
"""Where the walk over the build's imports starts."""


def kb_version() -> str:
    """The installed kb package's version (``unknown`` when run from a bare checkout)."""
    try:
        return version("kb")
    except PackageNotFoundError:
        return "unknown"


def module_path(module: str, package_dir: Path = PACKAGE_DIR) -> Path | None:
    """The source file of a ``kb`` module (a package's ``__init__.py``), None when there is none."""
    parts = module.split(".")[1:]
    base = package_dir.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<module>kb(?:\.\w+)*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#]*)"  # from kb.x import y, (a, b)
    r"|import[ \t]+(?P<plain>kb(?:\.\w+)*))",  # import kb.x
    re.MULTILINE,
)
"""An import statement of a ``kb`` module at the start of a line, at any indentation (inside functions too)."""


def imported_modules(path: Path, package_dir: Path = PACKAGE_DIR) -> set[str]:
    """The ``kb`` modules one source file imports, anywhere in it.

    ``from kb.x import y`` counts as importing ``kb.x.y`` when ``y`` is a
    module, else ``kb.x``: a package's ``__init__`` is a dependency only when
    a name is taken from it. A scan of lines rather than a parse, because the
    fingerprint runs at every build and parsing the package costs 0.3 s;
    ``tests/test_architecture.py`` checks the scan against the parsed syntax tree.
    """
    found: set[str] = set()
    for match in _IMPORT.finditer(path.read_text(encoding="utf-8")):
        if match["plain"]:
            found.add(match["plain"])
            continue
        for name in re.sub(r"#[^\n]*", "", match["names"]).strip("()").split(","):
            name = name.split(" as ")[0].strip()
            if name:
                sub = f"{match['module']}.{name}"
                found.add(sub if module_path(sub, package_dir) else match["module"])
    return {m for m in found if module_path(m, package_dir)}


def import_graph(package_dir: Path = PACKAGE_DIR) -> dict[str, set[str]]:
    """Every ``kb`` module and the ``kb`` modules it imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(package_dir.rglob("*.py")):
        relative = path.relative_to(package_dir.parent).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        graph[".".join(parts)] = imported_modules(path, package_dir)
    return graph


def build_modules(package_dir: Path = PACKAGE_DIR, start: str = BUILD_MODULE) -> list[str]:
    """The modules a build runs: ``start`` and everything it imports, transitively, sorted."""
    graph = import_graph(package_dir)
    seen, todo = {start}, [start]
    while todo:
        for module in graph.get(todo.pop(), set()) - seen:
            seen.add(module)
            todo.append(module)
    return sorted(seen)


@cache
def _code_digest(package_dir: Path) -> str:
    """The build's modules' paths and contents, hashed (once per process: sources do not change under a build)."""
    digest = hashlib.sha256()
    for module in build_modules(package_dir):
        path = module_path(module, package_dir)
        assert path is not None
        digest.update(f"code/{path.relative_to(package_dir).as_posix()} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()


def pipeline_hash(data_dir: Path, package_dir: Path = PACKAGE_DIR) -> str:
    """Fingerprint of everything but the documents that decides the build's rows.

    Args:
        data_dir: the reference-data folder; its ``documents/`` subfolder and
            hidden files are left out.
        package_dir: the kb package whose build modules are hashed.

    Returns:
        A SHA-256 hex digest over the data files, the sources of the modules
        the build imports, the package's version, spaCy's version and the
        versions of the readers' libraries (a new PDF library may read a file
        differently).
    """
    readers = " ".join(reader_label(r) for r in READERS)
    digest = hashlib.sha256(f"kb {kb_version()} spacy {spacy.__version__} readers {readers}\n".encode())
    digest.update(f"{_code_digest(package_dir)}\n".encode())
    skip = data_dir / "documents"
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(data_dir)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts) or path.is_relative_to(skip):
            continue
        digest.update(f"data/{relative.as_posix()} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()


def corpus_hash(documents: list[Document]) -> str:
    """Fingerprint of the documents built: their paths and content hashes, in order."""
    digest = hashlib.sha256()
    for document in documents:
        digest.update(f"{document.path} {document.sha256}\n".encode())
    return digest.hexdigest()
