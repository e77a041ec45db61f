#!/bin/sh
curl -X POST --fail \
  -F token=glptt-e5b11c49ad2af1f53c14b5fc04c8a39b05fc796b \
  -F ref=main \
  https://gitlab.com/api/v4/projects/69907974/trigger/pipeline
