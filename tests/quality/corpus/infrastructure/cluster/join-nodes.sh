#!/bin/bash
# run on each new worker
kubeadm join 10.0.0.10:6443 --token gtia59.8txpwexypui57wnu \
    --discovery-token-ca-cert-hash sha256:c6065f95a3772ee0ad0d7d4bd351b6afd6f95bdc692ac69710eb61164316f79d

# legacy swarm nodes
docker swarm join --token SWMTKN-1-5ywoabp3uqkab9n0gft58egj2cxzwqcsasyzd51bnstiuxhup2-eoi4snf5eag3wshu9on9dknxs 10.0.1.2:2377
