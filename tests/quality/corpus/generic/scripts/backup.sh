#!/bin/bash
set -euo pipefail
STAMP=$(date +%Y%m%d)
mysqldump -h db.internal -u backup -p'hrnPY2xeGPuVkm' --single-transaction shop > /tmp/shop-$STAMP.sql
gzip /tmp/shop-$STAMP.sql
curl -fsS -u backup-bot:T9t72hoi4r8DPio2gN -T /tmp/shop-$STAMP.sql.gz https://files.internal.acme.dev/backups/
rm -f /tmp/shop-$STAMP.sql.gz
