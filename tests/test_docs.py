"""Every command has help and is mentioned in the README; docs name every output table."""

from pathlib import Path

import click
import pytest

from indpol.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def iter_commands(group: click.Group, prefix: str = ""):
    for name, command in sorted(group.commands.items()):
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from iter_commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize(("name", "command"), list(iter_commands(main)))
def test_command_has_help_and_is_in_readme(name, command):
    assert command.help and command.help.strip()
    assert f"indpol {name}" in README


def test_readme_has_the_two_commands():
    assert "scripts/setup.sh" in README and ".venv/bin/python -m pytest" in README
    assert ".venv/bin/python -m pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_repository_files_named_in_the_readme_exist():
    import re

    named = set(re.findall(r"(?<![\w/.])((?:corpus|models|docs|bench|scripts)/[\w./-]*\w)", README))
    assert named and not [path for path in sorted(named) if not (ROOT / path).exists()]
