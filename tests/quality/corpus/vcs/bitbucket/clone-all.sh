#!/bin/bash
BB_USER=jdoe
BB_APP_PASSWORD=ATBBPGNV9QPnBojHecbfrmUkChRfQhIcHK8xFDD39059
for repo in api web infra; do
  git clone "https://${BB_USER}:${BB_APP_PASSWORD}@bitbucket.org/acme/${repo}.git"
done
