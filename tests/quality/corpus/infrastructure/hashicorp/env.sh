export CONSUL_HTTP_ADDR=https://consul.acme.dev:8501
export CONSUL_HTTP_TOKEN=f0315498-5fb6-492e-82d2-18b88d75f1fc
export NOMAD_ADDR=https://nomad.acme.dev:4646
export NOMAD_TOKEN=ac700d02-0b74-43a7-8346-a83a4a4a16d5
