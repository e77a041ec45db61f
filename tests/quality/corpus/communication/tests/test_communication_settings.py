import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "fake-slack-bot-token-for-tests")
    monkeypatch.setenv("SENDGRID_API_KEY", "SG." + "0" * 32)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.slack_bot_token) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["DISCORD_TOKEN"])


def test_fingerprint(env):
    assert env.fingerprint() == "82a9abf1fbe705665604cd2e5c6ec79ada530615d4c21ab9d528489ef4fc581b"
