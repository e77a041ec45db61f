#!/bin/bash
export AZURE_DEVOPS_EXT_PAT=drp2zunvoywgn72l5fkxuyyis52gnkawnovv3qafnodbbeo2vnjy
az devops configure --defaults organization=https://dev.azure.com/acme project=Platform
az repos list --output table
