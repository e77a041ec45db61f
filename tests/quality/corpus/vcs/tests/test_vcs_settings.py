import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "fake-github-token-for-tests")
    monkeypatch.setenv("GITLAB_TOKEN", "glpat-" + "0" * 32)
    monkeypatch.setenv("BITBUCKET_APP_PASSWORD", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.github_token) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("AZURE_DEVOPS_PAT", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["AZURE_DEVOPS_PAT"])


def test_fingerprint(env):
    assert env.fingerprint() == "5fdae511b92984343503b977516375f616752afe745425fec892a95c02314055"
