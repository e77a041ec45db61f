import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("LINEAR_API_KEY", "fake-linear-api-key-for-tests")
    monkeypatch.setenv("NOTION_TOKEN", "ntn_" + "0" * 32)
    monkeypatch.setenv("SHOPIFY_ACCESS_TOKEN", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.linear_api_key) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("OKTA_API_TOKEN", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["OKTA_API_TOKEN"])


def test_fingerprint(env):
    assert env.fingerprint() == "0193556e15d08eeef6d36a2be540063c3494061346c91727cb9a68d1cecfe312"
