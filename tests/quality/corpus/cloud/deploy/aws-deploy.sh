#!/bin/bash
# Deploy the static site to S3 and invalidate CloudFront.
set -e

export AWS_ACCESS_KEY_ID=AKIAM6GNGNXJJQXK3BPG
export AWS_SECRET_ACCESS_KEY=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
export AWS_DEFAULT_REGION=eu-west-1

BUCKET=s3://www-assets-prod
DIST_ID=E43F47WKPF00RT

npm run build
aws s3 sync ./dist "$BUCKET" --delete --cache-control max-age=31536000
aws cloudfront create-invalidation --distribution-id "$DIST_ID" --paths '/*'
echo "deployed $(git rev-parse --short HEAD)"
