import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("PAPERSPACE_API_KEY", "fake-paperspace-api-key-for-tests")
    monkeypatch.setenv("GRADIENT_API_KEY", "" + "0" * 32)
    monkeypatch.setenv("PSPACE_API_KEY", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.paperspace_api_key) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("PAPERSPACE_TOKEN", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["PAPERSPACE_TOKEN"])


def test_fingerprint(env):
    assert env.fingerprint() == "627fd8051dcb22521eccba9b45e061ed783dcdaf88c2c7e51d59b0a6f40443cd"
