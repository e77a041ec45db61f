from launcher.config import load

# obviously fake keys for the parser tests
ZEROS = "000000000000000000000000000000"
REPEAT = "deadbeefdeadbeefdeadbeefdeadbe"
MONOTONE = "0123456789abcdef0123456789abcd"

def test_placeholder_rejected():
    cfg = load({"PAPERSPACE_API_KEY": "your_paperspace_api_key"})
    assert cfg.api_key is None

def test_env_reference():
    assert load({"PAPERSPACE_API_KEY": "${PAPERSPACE_API_KEY}"}).api_key is None
