import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("ENV_FILE_B64", "fake-env-file-b64-for-tests")
    monkeypatch.setenv("DOCKER_AUTH_CONFIG", "" + "0" * 32)
    monkeypatch.setenv("BASIC_AUTH", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.env_file_b64) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("KUBECONFIG_B64", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["KUBECONFIG_B64"])


def test_fingerprint(env):
    assert env.fingerprint() == "b0e33e4173f5160e3d2bedd00b683b46100dc586db67e79626534054ec0478a7"
