nvidia-smi
pip install -U paperspace-cli
pspace login 8bb95043b8386d74f4bb20b7291ade
pspace machine list
pspace deployment list --api-key 8ac8cd6787ccb20f1343c2a5f6dcbd --project pr4b8n40e
git log -1 --format=%H
