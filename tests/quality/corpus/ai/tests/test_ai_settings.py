import pytest

from app.settings import Settings, mask


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "fake-openai-api-key-for-tests")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-api03-" + "0" * 32)
    monkeypatch.setenv("HF_TOKEN", "dummy")
    return Settings.from_env()


def test_mask(env):
    assert mask(env.openai_api_key) == "fake…"


def test_missing(monkeypatch):
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    with pytest.raises(KeyError):
        Settings.from_env(required=["GROQ_API_KEY"])


def test_fingerprint(env):
    assert env.fingerprint() == "52e627e29ce037822b8b4ce0e0779a49fdb2347e73b60a8675bd0e798f815e5b"
