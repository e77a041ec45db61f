#!/bin/bash
helm repo add bitnami https://charts.bitnami.com/bitnami
helm repo add acme https://charts.acme.dev --username ci --password JJCFJmMsup6FU4Q1gTQq
helm repo update
