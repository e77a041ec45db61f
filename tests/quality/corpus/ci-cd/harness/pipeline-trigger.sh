#!/bin/sh
curl -X POST "https://app.harness.io/pipeline/api/pipeline/execute/deploy?accountIdentifier=gTa2D_tVxslbMhqwBCciBS&orgIdentifier=default&projectIdentifier=api" \
  -H "x-api-key: pat.aLcL-WmCA8gpZ-zsqJJYZW.ed22ecca89a0808d31831041.kd6RgJ3us1gNqK74uD3I" \
  -H "Content-Type: application/yaml" \
  --data-binary @inputs.yaml
