#!/bin/bash
curl -k https://splunk-hec.acme.dev:8088/services/collector/event \
  -H "Authorization: Splunk b8f45f52-c144-416c-9fad-c327c3c4bbf9" \
  -d '{"event": "deploy finished", "sourcetype": "deploy", "index": "ops"}'
