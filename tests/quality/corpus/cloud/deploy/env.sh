#!/bin/bash
# credentials come from the instance profile / CI secrets, never from this file
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:?set me}"
export AWS_SECRET_ACCESS_KEY="$(vault kv get -field=secret aws/deploy)"
export CLOUDFLARE_API_TOKEN="changeme"
export GOOGLE_API_KEY=YOUR_API_KEY_HERE
export DIGITALOCEAN_ACCESS_TOKEN=dop_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
export BUILD_ID=a7c734d3-540b-461c-8e55-952a6beaedb9
