#!/bin/bash
# list and start machines
curl -s https://api.paperspace.com/v1/machines \
  -H "Authorization: Bearer 2a5c5f3c744f606fc036f3c17c01e3" | jq '.items[].name'

curl -s -X POST https://api.paperspace.io/machines/psp8ghx2h/start \
  -H "x-api-key: c7493d5bea50ad2fb1f406296ad871"
