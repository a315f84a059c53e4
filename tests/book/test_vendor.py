"""The vendored JavaScript of the book (book/vendor/): what the configuration loads is there, each
package has its licence, and the pinned versions agree between the update script, the record
of what was fetched and the README. Whether it works offline: tests/book/test_book_offline.py."""

import re

import yaml
from support.nbutil import REPO

VENDOR = REPO / "book" / "vendor"


def sphinx_config() -> dict:
    return yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]


def test_the_scripts_the_pages_load_are_in_the_static_folders():
    config = sphinx_config()
    static = [REPO / p for p in config["html_static_path"]]
    scripts = [config["mathjax_path"], *config["nb_ipywidgets_js"]]
    for script in scripts:
        assert "://" not in script, f"{script} is loaded from the internet"
        assert any((folder / script).is_file() for folder in static), f"{script} is missing"


def test_every_vendored_package_has_its_licence():
    packages = [p for p in VENDOR.iterdir() if p.is_dir()]
    assert {p.name for p in packages} == {"mathjax", "requirejs", "html-manager"}
    for package in packages:
        assert (package / "LICENSE").is_file(), f"{package.name} has no LICENSE"


def test_pinned_versions_agree():
    pins = dict(re.findall(r"^([A-Z_]+)=(\S+)", (VENDOR / "update.sh").read_text(), re.M))
    manifest = (VENDOR / "MANIFEST.txt").read_text()
    readme = (VENDOR / "README.md").read_text()
    tarballs = {
        "MATHJAX": "mathjax-{}.tgz",
        "REQUIREJS": "requirejs-{}.tgz",
        "HTML_MANAGER": "jupyter-widgets-html-manager-{}.tgz",
        "FONTAWESOME": "fortawesome-fontawesome-free-{}.tgz",
    }
    assert set(pins) == set(tarballs)
    for name, tarball in tarballs.items():
        assert tarball.format(pins[name]) in manifest, f"{name}: run book/vendor/update.sh"
        assert pins[name] in readme, f"{name} {pins[name]}: update book/vendor/README.md"
