import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("CIRCLE_TOKEN", "fake-circle-token-for-tests")
    monkeypatch.setenv("BUILDKITE_API_TOKEN", "bkua_" + "0" * 32)
    monkeypatch.setenv("SONAR_TOKEN", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.circle_token) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("CODECOV_TOKEN", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["CODECOV_TOKEN"])


def test_fingerprint(env):
    assert env.fingerprint() == "becd528bdbf46ee6de66ea76f6881968e19a1fd13848805e8f6e994d3fb1bdfb"
