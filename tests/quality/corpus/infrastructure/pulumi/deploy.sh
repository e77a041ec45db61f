#!/bin/bash
set -e
export PULUMI_ACCESS_TOKEN=pul-19d6eb6076a5d0d2135e2cdf1c9f276ba67d34fc
pulumi login
pulumi stack select acme/infra/prod
pulumi up --yes --skip-preview
