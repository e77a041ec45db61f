#!/bin/sh
docker run --rm -e PAPERSPACE_API_KEY=a786d480570843d516cecfa539ddd0 acme/launcher:latest gradient deployments list
