import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("DD_API_KEY", "fake-dd-api-key-for-tests")
    monkeypatch.setenv("NEW_RELIC_API_KEY", "NRAK-" + "0" * 32)
    monkeypatch.setenv("SENTRY_AUTH_TOKEN", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.dd_api_key) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("GRAFANA_TOKEN", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["GRAFANA_TOKEN"])


def test_fingerprint(env):
    assert env.fingerprint() == "214fe15c966e4dccfeddfc6b9695d825cc6e2098cb49641d4a1dd167914218c1"
