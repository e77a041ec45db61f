#!/usr/bin/env bash
set -euo pipefail
IMAGE=acme/api
TAG=$(git rev-parse --short=12 HEAD)
echo "dckr_pat_WdayLCc7q_k1rRWtqpDQ2WX-mYS" | docker login -u acmebuild --password-stdin
docker build -t "$IMAGE:$TAG" .
docker push "$IMAGE:$TAG"
