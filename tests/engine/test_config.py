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


def test_run_exits_2_naming_an_unknown_district(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "[telegram]\ntoken = '1:a'\n[districts.\"渝北新区\"]\nuser_ids = [900101]\n")
    assert main(["run", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f'{path}: districts."渝北新区": not a district option of the campaign']


def test_districts_named_as_the_form_lists_them(tmp_path: Path) -> None:
    from bot.services import prepare_campaigns
    from bot.usecases.districts import build_districts

    text = (
        '[districts."渝北区"]\nuser_ids = [900101, 900102]\nchat_id = -100777\n'
        '[districts."两江新区"]\nuser_ids = [900201]\ndepartment = "两江新区经济运行局"\n'
    )
    settings = load_settings(write(tmp_path, text), {})
    campaigns = prepare_campaigns(settings)
    yubei, liangjiang = build_districts(settings.districts, campaigns, settings.config_file)
    assert yubei.user_ids == {900101, 900102} and yubei.chat_id == -100777
    assert yubei.department_name(campaigns[0]) == "渝北区经济和信息化委员会"
    assert liangjiang.chat_id == 0 and liangjiang.department_name(campaigns[0]) == "两江新区经济运行局"


def test_a_district_key_misspelt_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings(write(tmp_path, '[districts."渝北区"]\nusers = [1]\n'), {})
    assert any("districts.渝北区.users: unknown key" in line for line in error.value.lines), error.value.lines
