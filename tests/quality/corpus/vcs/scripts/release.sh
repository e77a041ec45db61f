#!/usr/bin/env bash
set -euo pipefail
VERSION="$1"
export GITHUB_TOKEN=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
git tag -a "v$VERSION" -m "release v$VERSION"
git push origin "v$VERSION"
gh release create "v$VERSION" dist/*.tar.gz --generate-notes
