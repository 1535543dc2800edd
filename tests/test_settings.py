"""Every setting and CLI command is documented; settings read the environment."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_setting_is_documented():
    text = (DOCS / "settings.md").read_text()
    missing = [n for n in Settings.model_fields if f"`NEWSDESK_{n.upper()}`" not in text]
    assert missing == [], f"docs/settings.md lacks {missing}"


def test_every_setting_has_a_description():
    assert all(f.description for f in Settings.model_fields.values())


def test_settings_read_environment(monkeypatch):
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("NEWSDESK_ALLOWED_HOSTS", '["127.0.0.1"]')
    s = Settings()
    assert s.database_url == "sqlite:///elsewhere.db"
    assert s.allowed_hosts == ["127.0.0.1"]


def test_every_cli_command_has_help_and_is_documented():
    runner = CliRunner()
    readme = (DOCS / "cli.md").read_text()
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output
        assert f"newsdesk {name}" in readme, f"docs/cli.md does not document `newsdesk {name}`"
    for group in app.registered_groups:
        for command in group.typer_instance.registered_commands:
            name = f"{group.name} {command.name or command.callback.__name__}"
            result = runner.invoke(app, [*name.split(), "--help"])
            assert result.exit_code == 0, result.output
            assert f"newsdesk {name}" in readme, f"docs/cli.md does not document `newsdesk {name}`"
