"""The project installs as a package: the wheel carries the schema and the sample data, a fresh
venv runs `interview-autopilot` from it, every import of the code is a declared dependency, the
requirements files agree with pyproject.toml, and nothing edits `sys.path`.

The build and the fresh venv use the project's uv (scripts/venv) and PyPI (hatchling, the
runtime lock); uv's cache makes both take seconds."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import subprocess
import sys
import tarfile
import tomllib
import urllib.parse
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
UV = [str(ROOT / "scripts" / "venv"), "uv"]
CODE = [ROOT / "interview_autopilot", ROOT / "pages", ROOT / "app.py"]
SHIPPED = {"cql": "interview_autopilot/cql", "data/sample": "interview_autopilot/data/sample"}


def python_files(*places: Path) -> list[Path]:
    return [f for p in places for f in ([p] if p.is_file() else sorted(p.rglob("*.py")))]


def requirements_file(name: str) -> set[str]:
    """The requirements a requirements*.txt names itself (comments and `-r` lines left out)."""
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    found = (line.split("#")[0].strip() for line in lines)
    return {normal(line) for line in found if line and not line.startswith("-")}


def normal(requirement: str) -> str:
    r = Requirement(requirement)
    extras = f"[{','.join(sorted(r.extras))}]" if r.extras else ""
    return f"{canonicalize_name(r.name)}{extras}{r.specifier}"


def test_requirements_txt_is_the_projects_dependencies() -> None:
    declared = {normal(r) for r in PYPROJECT["project"]["dependencies"]}
    assert requirements_file("requirements.txt") == declared


def test_requirements_dev_txt_is_the_dev_group() -> None:
    declared = {normal(r) for r in PYPROJECT["dependency-groups"]["dev"]}
    assert requirements_file("requirements-dev.txt") == declared


def imported_top_names(files: list[Path]) -> set[str]:
    names: set[str] = set()
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"__future__", "interview_autopilot", "pages"}


def test_every_package_the_code_imports_is_declared() -> None:
    """Each third-party module the app imports comes from a distribution named in
    [project.dependencies] itself, not only as another package's dependency."""
    dependencies = PYPROJECT["project"]["dependencies"]
    declared = {canonicalize_name(Requirement(r).name) for r in dependencies}
    providers = importlib.metadata.packages_distributions()
    missing = {
        name: providers.get(name, ["(not installed)"])
        for name in sorted(imported_top_names(python_files(*CODE)))
        if not declared & {canonicalize_name(d) for d in providers.get(name, [])}
    }
    assert not missing, f"imported but not in [project.dependencies]: {missing}"


def sys_path_edits(f: Path) -> list[int]:
    """Lines of `sys.path.<anything>(...)` calls and assignments to `sys.path`."""

    def is_sys_path(node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Attribute)
            and node.attr == "path"
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
        )

    lines = []
    for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if is_sys_path(node.func.value):
                lines.append(node.lineno)
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(is_sys_path(t) for t in targets):
                lines.append(node.lineno)
    return lines


def test_no_code_edits_sys_path() -> None:
    files = python_files(*CODE, ROOT / "scripts", ROOT / "tests")
    edits = {str(f.relative_to(ROOT)): n for f in files if (n := sys_path_edits(f))}
    assert not edits, f"sys.path edited (use the editable install or pytest's pythonpath): {edits}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """`uv build` of this checkout: the sdist, and the wheel built from that sdist."""
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run(
        [*UV, "build", "--quiet", "--out-dir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    yield sdist, wheel


def test_the_wheel_carries_the_schema_the_sample_data_and_the_command(
    built: tuple[Path, Path],
) -> None:
    _, wheel = built
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = z.read(entry_points).decode()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        requires = {
            normal(line.split(":", 1)[1].strip())
            for line in z.read(metadata).decode().splitlines()
            if line.startswith("Requires-Dist:")
        }
    for source, inside in SHIPPED.items():
        files = [f for f in (ROOT / source).rglob("*") if f.is_file()]
        assert files, source
        for f in files:  # every file, in every subfolder (cql/migrations/ included)
            assert f"{inside}/{f.relative_to(ROOT / source).as_posix()}" in names
    assert "interview_autopilot/cql/schema.cql" in names
    assert "interview_autopilot/data/sample/interviews.json" in names
    assert "interview_autopilot/assets/icon.png" in names
    assert not [n for n in names if n.endswith(".db") or n.startswith(("pages/", "tests/"))]
    assert "interview-autopilot = interview_autopilot.__main__:main" in scripts
    assert requires == {normal(r) for r in PYPROJECT["project"]["dependencies"]}


def test_the_sdist_holds_what_the_wheel_is_built_from(built: tuple[Path, Path]) -> None:
    sdist, _ = built
    with tarfile.open(sdist) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    assert {"pyproject.toml", "cql/schema.cql", "data/sample/users.json", "app.py"} <= names
    assert not [n for n in names if n.endswith(".db") or n.startswith(".venv")]


def test_a_fresh_venv_runs_the_installed_command(built: tuple[Path, Path], tmp_path: Path) -> None:
    """The runtime lock, then the wheel (its declared requirements met by the lock) into a new
    venv; the command runs from an empty folder, reading the schema and the sample data from
    the install."""
    _, wheel = built
    venv = tmp_path / "venv"
    python = str(venv / "bin" / "python")
    for step in (
        ["venv", "--quiet", "--python", sys.executable, str(venv)],
        ["pip", "install", "--quiet", "--python", python, "-r", str(ROOT / "requirements.lock")],
        ["pip", "install", "--quiet", "--python", python, str(wheel)],
        ["pip", "check", "--python", python],
    ):
        run = subprocess.run([*UV, *step], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, (step, run.stdout, run.stderr)

    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASSANDRA_", "ASTRA_"))}
    env |= {"DB_BACKEND": "sqlite", "PYTHONPATH": "", "PATH": os.environ.get("PATH", "")}

    def command(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(venv / "bin" / "interview-autopilot"), *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    helped = command("--help")
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("usage: interview-autopilot")
    for name in ("schema", "load-sample", "doctor", "migrate"):
        assert name in helped.stdout

    where = subprocess.run(
        [python, "-c", "from interview_autopilot.core import paths; print(paths.CQL_SCHEMA);"
         "print(paths.SAMPLE_DIR); print(paths.CHECKOUT); print(paths.ROOT)"],
        cwd=work, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert where.returncode == 0, where.stderr
    schema, sample, checkout, root = where.stdout.split("\n")[:4]
    assert Path(schema).is_file() and Path(schema).is_relative_to(venv), schema
    assert Path(sample, "interviews.json").is_file() and Path(sample).is_relative_to(venv)
    assert (checkout, root) == ("None", str(work))

    loaded = command("load-sample")
    assert loaded.returncode == 0, loaded.stderr
    assert "sample data loaded" in loaded.stdout
    assert (work / "data" / "autopilot.db").is_file()  # SQLITE_PATH is relative to the folder
    checked = command("doctor")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_test_venv_holds_this_checkout_editable() -> None:
    """`make` installs the checkout into its venvs (scripts/venv): the command runs there and
    imports this checkout's code."""
    dist = importlib.metadata.distribution("interview-autopilot")
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    assert direct.get("dir_info", {}).get("editable"), "run make: the checkout is not installed"
    assert Path(urllib.parse.urlparse(direct["url"]).path) == ROOT
    command = Path(sys.executable).parent / "interview-autopilot"
    run = subprocess.run(
        [str(command), "settings"],
        cwd=ROOT.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "DB_BACKEND=" in run.stdout
