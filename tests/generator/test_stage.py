"""The staged docs tree is complete: every page, the nav that lists them, glossary, downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from support import DATA, MINIMAL, ROOT

from generator.cli import main
from generator.render import DOWNLOADS, abbreviation_glossary, render
from generator.stage import docs_tree, options_from, read_config
from kb.load import load


def nav_files(nav: list[Any]) -> list[str]:
    """Every page file a nav names, in order."""
    found: list[str] = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        found.extend(nav_files(value) if isinstance(value, list) else [value])
    return found


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("staged") / "tree"
    assert main(["build", "--data", str(DATA), "--out", str(out)]) == 0
    return out


def test_build_stages_every_generated_and_hand_written_page(tree: Path) -> None:
    # rendered with the settings the project's mkdocs.yml gives (repo_url: the edit links)
    pages = render(load(DATA), options_from(read_config(ROOT / "mkdocs.yml")))
    docs = tree / "docs"
    missing = [p for p in pages if not (docs / p).is_file()]
    assert missing == []
    for hand in ("index.md", "how-to-use.md", "about.md", "stylesheets/accessibility.css"):
        assert (docs / hand).read_bytes() == (ROOT / "content" / hand).read_bytes()
    for name, _format, _what in DOWNLOADS:
        assert (docs / "downloads" / name).stat().st_size > 0, name
    assert (docs / "measures/21-2-b.md").read_text(encoding="utf-8") == pages["measures/21-2-b.md"]


def test_the_staged_config_lists_every_page_in_its_nav_and_runs_no_hook(tree: Path) -> None:
    config = yaml.safe_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = nav_files(config["nav"])
    on_disk = sorted(p.relative_to(tree / "docs").as_posix() for p in tree.glob("docs/**/*.md"))
    assert sorted(listed) == on_disk
    assert len(listed) == len(set(listed))
    assert "hooks" not in config and "watch" not in config
    assert config["docs_dir"] == "docs"
    assert config["theme"]["name"] == "material"
    assert {"search", "tags"} <= {
        p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]
    }


def test_the_staged_config_carries_the_glossary_for_tooltips(tree: Path) -> None:
    config = yaml.safe_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    abbr = [e["abbr"] for e in config["markdown_extensions"] if isinstance(e, dict) and "abbr" in e]
    assert abbr == [{"glossary": abbreviation_glossary(load(DATA))}]
    assert abbr[0]["glossary"]["MFA"]
    assert "abbr" not in config["markdown_extensions"]


def test_env_values_of_the_config_are_resolved_when_staging(tmp_path: Path) -> None:
    config = read_config(ROOT / "mkdocs.yml", {"NIS2_SITE_URL": "https://kb.example.org/"})
    assert config["site_url"] == "https://kb.example.org/"
    assert config["extra"]["app_url"] == "http://127.0.0.1:8501"
    kb = load(MINIMAL)
    tree = docs_tree(kb, {**config, "extra": {"app_url": "https://app.example.org"}}, {})
    staged = yaml.safe_load(tree["mkdocs.yml"])
    assert staged["site_url"] == "https://kb.example.org/"
    assert "https://app.example.org" in str(tree["docs/assessments.md"])


def test_a_hand_written_page_may_not_hide_a_generated_one() -> None:
    kb = load(MINIMAL)
    with pytest.raises(ValueError, match="matrix.md"):
        docs_tree(kb, read_config(ROOT / "mkdocs.yml", {}), {"matrix.md": b"# mine"})


def test_invalid_data_stages_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for path in MINIMAL.glob("*.yaml"):
        (data / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    services = (data / "services.yaml").read_text(encoding="utf-8")
    (data / "services.yaml").write_text(services.replace("id: cloudtrail", "id: ct", 1))
    assert main(["build", "--data", str(data), "--out", str(tmp_path / "tree")]) == 2
    assert not (tmp_path / "tree").exists()
    assert "unknown service 'cloudtrail'" in capsys.readouterr().err


def test_a_hand_written_page_hiding_a_generated_one_stops_the_build_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "matrix.md").write_text("# my own matrix\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "tree"
    assert main(["build", "--data", str(MINIMAL), "--out", str(out), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "hand-written files hide generated ones: matrix.md" in err
    assert "Traceback" not in err
    assert not out.exists()
