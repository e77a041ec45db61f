#!/bin/sh
curl -s -X PUT "https://portainer.acme.dev/api/stacks/12/git/redeploy?endpointId=2" \
  -H "X-API-Key: ptr_UX85cjvlAl3QCRO5ANAtrEIgu5YHr6MdvbYzHBPqVKO=" \
  -H "Content-Type: application/json" \
  -d '{"pullImage": true, "prune": true}'
