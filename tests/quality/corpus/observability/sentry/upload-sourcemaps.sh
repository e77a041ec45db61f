#!/bin/sh
export SENTRY_AUTH_TOKEN=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
npx @sentry/cli sourcemaps inject ./dist
npx @sentry/cli sourcemaps upload --release "$(git rev-parse HEAD)" ./dist
