#!/bin/sh
# one-off upload of the nightly export
SAS='sv=2022-11-02&ss=b&srt=sco&sp=rwdlacupiytfx&se=2026-12-31T23:59:59Z&st=2024-01-01T00:00:00Z&spr=https&sig=XNnUplUCoLHy%2Blmq6WxpDBbOsXHMGTEXPXHemZ7TkT4%3D'
azcopy copy ./export.parquet "https://stsiaai6ozqemg.blob.core.windows.net/exports/export.parquet?${SAS}"
