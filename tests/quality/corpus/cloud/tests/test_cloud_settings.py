import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "fake-aws-secret-access-key-for-tests")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIA" + "0" * 32)
    monkeypatch.setenv("DIGITALOCEAN_TOKEN", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.aws_secret_access_key) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("HEROKU_API_KEY", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["HEROKU_API_KEY"])


def test_fingerprint(env):
    assert env.fingerprint() == "a5e46aae579f2c78d34667195c475f178d1a3d4c1554452eab6e2febb10e1230"
