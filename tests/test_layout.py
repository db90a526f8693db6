"""The direction of dependencies: core <- plugins <- bundle.

No module of one plugin imports another plugin; the core imports no plugin.
Read from the source with ``ast``, so an import anywhere in a module counts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLUGINS_DIR = Path(__file__).resolve().parents[1] / "pelican_plugins"
CORE = "postcard_core"
BUNDLE = "postcard"
PACKAGES = sorted(p.name for p in PLUGINS_DIR.iterdir() if (p / "__init__.py").exists())


def imported_packages(module: Path, package: str) -> set[str]:
    """The ``pelican.plugins.X`` packages ``module`` (in ``package``) imports."""
    tree = ast.parse(module.read_text(encoding="utf-8"), str(module))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: inside its own package
                continue
            names = [node.module or ""]
            if node.module == "pelican.plugins":
                names = [f"pelican.plugins.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["pelican", "plugins"] and len(parts) > 2:
                found.add(parts[2])
    return found - {package}


def test_there_is_a_core_and_plugins() -> None:
    assert CORE in PACKAGES
    assert {"front_matter", "jekyll", BUNDLE} <= set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_dependencies_run_one_way(package: str) -> None:
    allowed = {CORE} if package != CORE else set()
    for module in sorted((PLUGINS_DIR / package).rglob("*.py")):
        wrong = imported_packages(module, package) - allowed
        assert not wrong, f"{module.relative_to(PLUGINS_DIR)} imports {sorted(wrong)}"


def test_the_core_is_not_a_plugin() -> None:
    source = (PLUGINS_DIR / CORE / "__init__.py").read_text(encoding="utf-8")
    assert "def register" not in source


def test_the_check_sees_a_wrong_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from pelican.plugins.front_matter.fields import x\n"
        "from pelican.plugins import post_series\n"
        "import pelican.plugins.jekyll.rules.fields\n"
        "from .local import y\n",
        encoding="utf-8",
    )
    assert imported_packages(module, "tag_summaries") == {
        "front_matter",
        "post_series",
        "jekyll",
    }


def test_every_package_is_installed() -> None:
    # pyproject.toml lists packages by hand (the namespace mapping needs it): a
    # package left out would be missing from the wheel, not from this checkout.
    import tomllib

    pyproject = tomllib.loads((PLUGINS_DIR.parent / "pyproject.toml").read_text())
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    for init in sorted(PLUGINS_DIR.rglob("__init__.py")):
        parts = init.parent.relative_to(PLUGINS_DIR).parts
        assert ".".join(("pelican", "plugins", *parts)) in listed, init
