import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("PRIVATE_KEY", "fake-private-key-for-tests")
    monkeypatch.setenv("TLS_KEY", "" + "0" * 32)
    monkeypatch.setenv("SSH_KEY", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.private_key) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("GPG_PRIVATE_KEY", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["GPG_PRIVATE_KEY"])


def test_fingerprint(env):
    assert env.fingerprint() == "000f42682d16f404252b856160cb5848c3fc89ba1a9ca3f02438ac1bcaff111b"
