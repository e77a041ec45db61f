import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("API_TOKEN", "fake-api-token-for-tests")
    monkeypatch.setenv("ADMIN_PASSWORD", "" + "0" * 32)
    monkeypatch.setenv("CLIENT_SECRET", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.api_token) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("WEBHOOK_SECRET", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["WEBHOOK_SECRET"])


def test_fingerprint(env):
    assert env.fingerprint() == "3a8fbc87097998796b6aa43e7d4ea8b4ec9d44bd120fc446da262b156d50e2a8"
