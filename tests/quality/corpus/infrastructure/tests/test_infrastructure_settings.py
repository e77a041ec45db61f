import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("VAULT_TOKEN", "fake-vault-token-for-tests")
    monkeypatch.setenv("TF_TOKEN_app_terraform_io", "" + "0" * 32)
    monkeypatch.setenv("DOPPLER_TOKEN", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.vault_token) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("TS_AUTHKEY", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["TS_AUTHKEY"])


def test_fingerprint(env):
    assert env.fingerprint() == "3d4dc828af772a82a64b93df93f56942e2f0b498c8a74b704439d05d36144710"
