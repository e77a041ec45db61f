@echo off
set PAPERSPACE_API_KEY=a47055a7f61296623494e7931f71cb
pspace machine start ps0srsm3w
