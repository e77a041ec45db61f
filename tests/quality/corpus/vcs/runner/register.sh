#!/bin/sh
gitlab-runner register --non-interactive \
  --url https://gitlab.acme.dev/ \
  --registration-token GR1348941QxAtRig2f5tyK-KRCcIC \
  --executor docker --docker-image alpine:3.20 \
  --description shell-runner-02
