from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_settings
from bot.validation import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bot.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_and_env_token(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "[telegram]\nframework = 'aiogram'\n"), {"BOT_TOKEN": "1:abc"})
    assert settings.telegram.framework == "aiogram"
    assert settings.telegram.token.get_secret_value() == "1:abc"
    assert "1:abc" not in repr(settings)
    assert settings.database_url() == f"sqlite+aiosqlite:///{tmp_path / 'var' / 'bot.db'}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[telegram]\nframewrok = 'ptb'\n", "telegram.framewrok: unknown key"),
        ("[telegram]\nframework = 'telethon'\n", "telegram.framework"),
        ("[reminders]\nat = 'nine'\n", "reminders.at"),
        ("[scheduler]\ntick_seconds = -1\n", "scheduler.tick_seconds"),
        ("[campaign]\ndeadline = 2022-08-10T23:59:59\n", "campaign.deadline"),
        ("[databse]\nurl = 'x'\n", "databse: unknown key"),
        ("[telegram\n", "TOML syntax error"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings(write(tmp_path, text), {})
    assert any(expected in line for line in error.value.lines), error.value.lines


def test_run_exits_2_with_one_line_on_bad_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "[telegram]\ntokn = 'x'\n")
    assert main(["run", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"{path}: telegram.tokn: unknown key"]


def test_run_exits_2_without_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    path = write(tmp_path, "[telegram]\nframework = 'ptb'\n")
    assert main(["run", "--config", str(path)]) == 2
    assert "telegram.token: missing" in capsys.readouterr().err


def test_run_exits_2_on_invalid_campaign(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "c.toml").write_text("id = 'x'\n", encoding="utf-8")
    path = write(tmp_path, "[telegram]\ntoken = '1:a'\n[campaign]\nfile = 'c.toml'\n")
    assert main(["run", "--config", str(path)]) == 2
    assert "c.toml: name: required key is missing" in capsys.readouterr().err
