import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("NPM_TOKEN", "fake-npm-token-for-tests")
    monkeypatch.setenv("PYPI_TOKEN", "pypi-" + "0" * 32)
    monkeypatch.setenv("DOCKERHUB_TOKEN", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.npm_token) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("NUGET_API_KEY", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["NUGET_API_KEY"])


def test_fingerprint(env):
    assert env.fingerprint() == "1383c381c32c948cb4f01645b2b8c357e5ea5e4298fe96076c5e75471c8fc73d"
