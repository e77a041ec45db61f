import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("STRIPE_SECRET_KEY", "fake-stripe-secret-key-for-tests")
    monkeypatch.setenv("PLAID_SECRET", "" + "0" * 32)
    monkeypatch.setenv("SQUARE_ACCESS_TOKEN", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.stripe_secret_key) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("PAYPAL_CLIENT_SECRET", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["PAYPAL_CLIENT_SECRET"])


def test_fingerprint(env):
    assert env.fingerprint() == "8ea7654461f048e163e2a367c78e4551424d5571c5f05b0b3289857f1b154696"
