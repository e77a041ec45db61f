import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("DATABASE_PASSWORD", "fake-database-password-for-tests")
    monkeypatch.setenv("MONGO_PASSWORD", "" + "0" * 32)
    monkeypatch.setenv("REDIS_PASSWORD", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.database_password) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("DATABRICKS_TOKEN", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["DATABRICKS_TOKEN"])


def test_fingerprint(env):
    assert env.fingerprint() == "ca31e115fab7869ae99eb5614747a96b605b84d74ba786620a69fd7587639b0f"
