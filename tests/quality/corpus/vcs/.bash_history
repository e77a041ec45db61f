cd ~/work
git clone https://x-access-token:ghs_etYX2yi9eCirejrA8uKiIhs0VCqfol1x9LVe@github.com/acme/infra.git
cd infra
git remote set-url origin https://jdoe:glpat-KJHO58eSgm87aPkgbfN8@gitlab.com/acme/infra.git
git fetch --all
git log --oneline -5
