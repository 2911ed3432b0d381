"""In-tree PEP 517 build backend for the pure-Python ``liion`` package.

Standard library only, so ``pip install --no-index ./bindings/python`` works offline on a
Python without setuptools or wheel. It builds:

* a ``py3-none-any`` wheel holding ``liion/*.py`` and a ``.dist-info`` (METADATA, WHEEL,
  top_level.txt, RECORD with sha256 digests);
* an sdist ``liion-<version>.tar.gz`` (the source tree plus PKG-INFO);
* an editable wheel (PEP 660) whose ``.pth`` file puts this directory on ``sys.path``.

Metadata comes from the ``[project]`` table of ``pyproject.toml`` (read with ``tomllib`` when
available, otherwise with a small parser for the plain ``key = "string"`` lines used there).
The build fails if ``[project].version`` and ``liion.__version__`` disagree.

The shared library is never put in the wheel: a wheel that carries libliion.so would have to
be tagged for a platform, not ``py3-none-any``. Point ``LIION_LIBRARY`` at the library, install
it on the system library path, or copy it into the installed package directory.

Archives are reproducible: file times are fixed (``SOURCE_DATE_EPOCH`` if set, else
1980-01-01), entries are sorted and modes normalised.
"""

import base64
import csv
import gzip
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile

__all__ = [
    "get_requires_for_build_wheel", "get_requires_for_build_sdist",
    "get_requires_for_build_editable", "prepare_metadata_for_build_wheel",
    "prepare_metadata_for_build_editable", "build_wheel", "build_sdist", "build_editable",
]

_PACKAGE = "liion"
_TAG = "py3-none-any"
_GENERATOR = "liion_build (in-tree)"
_SDIST_EXTRA = ("pyproject.toml", "README.md", "_build/liion_build.py")
_SDIST_DIRS = ("liion", "tests")


# ---- source tree and metadata --------------------------------------------------------------

def _root():
    # PEP 517: hooks run with the source tree as the working directory.
    return os.path.abspath(os.getcwd())


def _parse_project_table(text):
    """Minimal reader for ``[project]``: ``key = "string"`` lines only."""
    out = {}
    in_project = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            in_project = line == "[project]"
            continue
        if not in_project:
            continue
        m = re.match(r'^([A-Za-z0-9_.-]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(#.*)?$', line)
        if m:
            out[m.group(1)] = m.group(2).encode("ascii", "backslashreplace").decode(
                "unicode_escape")
    return out


def _project():
    path = os.path.join(_root(), "pyproject.toml")
    with open(path, "rb") as f:
        data = f.read()
    try:
        import tomllib  # Python 3.11+
    except ImportError:
        project = _parse_project_table(data.decode("utf-8"))
    else:
        project = tomllib.loads(data.decode("utf-8")).get("project", {})
    for key in ("name", "version"):
        if not isinstance(project.get(key), str):
            raise RuntimeError("pyproject.toml: [project].%s must be a string" % key)
    if not re.match(r"^[0-9]+(\.[0-9]+)*([abc]|rc)?[0-9]*$", project["version"]):
        raise RuntimeError("pyproject.toml: unsupported version %r" % project["version"])
    init = os.path.join(_root(), _PACKAGE, "__init__.py")
    with open(init, encoding="utf-8") as f:
        m = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', f.read(), re.M)
    if not m or m.group(1) != project["version"]:
        raise RuntimeError("version mismatch: pyproject.toml says %r, %s says %r"
                           % (project["version"], init, m.group(1) if m else None))
    return project


def _norm_name(name):
    # PEP 503 normalisation, then '-' -> '_' for file names (PEP 427 / binary distribution format).
    return re.sub(r"[-_.]+", "_", name).lower()


def _dist_info(project):
    return "%s-%s.dist-info" % (_norm_name(project["name"]), project["version"])


def _metadata(project):
    lines = [
        "Metadata-Version: 2.1",
        "Name: %s" % project["name"],
        "Version: %s" % project["version"],
    ]
    if project.get("description"):
        lines.append("Summary: %s" % project["description"])
    if project.get("requires-python"):
        lines.append("Requires-Python: %s" % project["requires-python"])
    license_ = project.get("license")
    if isinstance(license_, dict) and license_.get("text"):
        lines.append("License: %s" % license_["text"])
    for classifier in project.get("classifiers", []) or []:
        lines.append("Classifier: %s" % classifier)
    body = ""
    readme = project.get("readme")
    if isinstance(readme, str):
        with open(os.path.join(_root(), readme), encoding="utf-8") as f:
            body = f.read()
        ctype = "text/markdown" if readme.lower().endswith(".md") else "text/plain"
        lines.append("Description-Content-Type: %s; charset=UTF-8" % ctype)
    text = "\n".join(lines) + "\n"
    if body:
        text += "\n" + body
        if not body.endswith("\n"):
            text += "\n"
    return text.encode("utf-8")


def _wheel_file():
    return ("Wheel-Version: 1.0\nGenerator: %s\nRoot-Is-Purelib: true\nTag: %s\n"
            % (_GENERATOR, _TAG)).encode("utf-8")


def _package_files():
    """(archive name, absolute path) of every module of the package, sorted."""
    out = []
    base = os.path.join(_root(), _PACKAGE)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".py") or name == "py.typed":
                full = os.path.join(dirpath, name)
                out.append((os.path.relpath(full, _root()).replace(os.sep, "/"), full))
    if not out:
        raise RuntimeError("no package sources under %s" % base)
    return sorted(out)


# ---- archive helpers -----------------------------------------------------------------------

def _epoch():
    try:
        return max(int(os.environ["SOURCE_DATE_EPOCH"]), 315532800)  # zip cannot go before 1980
    except (KeyError, ValueError):
        return 315532800  # 1980-01-01T00:00:00Z


def _record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class _WheelWriter:
    def __init__(self, path):
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self._records = []
        self._date = time.gmtime(_epoch())[:6]

    def add(self, arcname, data):
        info = zipfile.ZipInfo(arcname, date_time=self._date)
        info.external_attr = (0o100644 & 0xFFFF) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(info, data)
        self._records.append((arcname, _record_hash(data), str(len(data))))

    def close(self, record_name):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        for row in self._records:
            writer.writerow(row)
        writer.writerow((record_name, "", ""))
        info = zipfile.ZipInfo(record_name, date_time=self._date)
        info.external_attr = (0o100644 & 0xFFFF) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(info, buf.getvalue().encode("utf-8"))
        self._zip.close()


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _write_metadata_dir(metadata_directory, project):
    dist_info = _dist_info(project)
    target = os.path.join(metadata_directory, dist_info)
    os.makedirs(target, exist_ok=True)
    for name, data in (("METADATA", _metadata(project)), ("WHEEL", _wheel_file()),
                       ("top_level.txt", (_PACKAGE + "\n").encode("utf-8"))):
        with open(os.path.join(target, name), "wb") as f:
            f.write(data)
    return dist_info


def _build(wheel_directory, files):
    project = _project()
    dist_info = _dist_info(project)
    name = "%s-%s-%s.whl" % (_norm_name(project["name"]), project["version"], _TAG)
    os.makedirs(wheel_directory, exist_ok=True)
    path = os.path.join(wheel_directory, name)
    tmp = path + ".part"
    writer = _WheelWriter(tmp)
    try:
        for arcname, data in files:
            writer.add(arcname, data)
        writer.add(dist_info + "/METADATA", _metadata(project))
        writer.add(dist_info + "/WHEEL", _wheel_file())
        writer.add(dist_info + "/top_level.txt", (_PACKAGE + "\n").encode("utf-8"))
        writer.close(dist_info + "/RECORD")
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    os.replace(tmp, path)
    return name


# ---- PEP 517 hooks -------------------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    return _write_metadata_dir(metadata_directory, _project())


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    return _write_metadata_dir(metadata_directory, _project())


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _build(wheel_directory, [(arc, _read(full)) for arc, full in _package_files()])


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # PEP 660: a .pth line adding the source tree to sys.path, so `import liion` loads the
    # files in place.
    pth = (_root() + "\n").encode("utf-8")
    return _build(wheel_directory, [("__editable__.%s.pth" % _PACKAGE, pth)])


def build_sdist(sdist_directory, config_settings=None):
    project = _project()
    base = "%s-%s" % (_norm_name(project["name"]), project["version"])
    root = _root()
    members = [(name, os.path.join(root, name)) for name in _SDIST_EXTRA]
    for top in _SDIST_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames
                                 if d != "__pycache__" and not d.startswith("."))
            for name in sorted(filenames):
                if name.endswith((".pyc", ".pyo")) or name.startswith("."):
                    continue
                if name.startswith(("libliion", "liion")) and not name.endswith(".py"):
                    continue  # a copied-in shared library does not belong in the sdist
                full = os.path.join(dirpath, name)
                members.append((os.path.relpath(full, root).replace(os.sep, "/"), full))
    entries = [(arc, _read(full)) for arc, full in sorted(set(members))]
    entries.append(("PKG-INFO", _metadata(project)))

    os.makedirs(sdist_directory, exist_ok=True)
    name = base + ".tar.gz"
    path = os.path.join(sdist_directory, name)
    mtime = _epoch()
    with open(path + ".part", "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=mtime) as gz:
            with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for arcname, data in sorted(entries):
                    info = tarfile.TarInfo("%s/%s" % (base, arcname))
                    info.size = len(data)
                    info.mtime = mtime
                    info.mode = 0o644
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    tar.addfile(info, io.BytesIO(data))
    os.replace(path + ".part", path)
    return name
