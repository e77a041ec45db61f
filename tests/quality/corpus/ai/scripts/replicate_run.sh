#!/usr/bin/env bash
set -euo pipefail
export REPLICATE_API_TOKEN=r8_ks6KfknyTwt2bcV1jZU13043jpqgXUhuzO6rQ
MODEL_VERSION="5735dbb8e40b5777655b13bff5895d6ff89b24eccc6da9873c1ea0f89a03088e"

curl -s -X POST https://api.replicate.com/v1/predictions \
  -H "Authorization: Bearer $REPLICATE_API_TOKEN" \
  -H "Content-Type: application/json" \
  -d "{\"version\": \"$MODEL_VERSION\", \"input\": {\"prompt\": \"$1\"}}"
