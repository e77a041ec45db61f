import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("JWT_SECRET", "fake-jwt-secret-for-tests")
    monkeypatch.setenv("SIGNING_KEY", "" + "0" * 32)
    monkeypatch.setenv("SSH_PRIVATE_KEY", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.jwt_secret) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("ENCRYPTION_KEY", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["ENCRYPTION_KEY"])


def test_fingerprint(env):
    assert env.fingerprint() == "ef087835849a9caee25099aeaf730c0194cd397c7188e4148baa3d57f0a10577"
