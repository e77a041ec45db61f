import pytest
from gateway.client import Client

FAKE_KEY = "sk-test-0000000000000000000000000000000000000000"
DUMMY_HF = "hf_" + "a" * 34


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    return Client(api_key="dummy-key", hf_token=DUMMY_HF)


def test_request_id_is_uuid(client):
    assert client.request_id("d54fc961-084c-4394-ae91-d1a6f2a40972") == "d54fc961-084c-4394-ae91-d1a6f2a40972"


def test_cache_key(client):
    assert client.cache_key("hello") == "4d924e34ca45d63312cd16d6a88863b8"
