#!/usr/bin/env bash
# Applies the lake's storage policies with the Azure CLI (az login first):
#   deploy/azure/apply.sh RESOURCE_GROUP STORAGE_ACCOUNT JOB_SP_OBJECT_ID ANALYSTS_GROUP_OBJECT_ID [LAKE_CONTAINER]
# - lifecycle-policy.json: bronze to cool tier after 30 days, deleted after 365; quality
#   partitions deleted after 90 days. A prefixMatch starts with the container: the policy assumes
#   a container "bronze" for the exports and a container "lake" whose root is the lake.
# - role-assignments.json: Storage Blob Data Contributor for the job's service principal on the
#   lake container only; Storage Blob Data Reader for analysts, limited to gold/ by a condition.
set -euo pipefail
rg=$1 account=$2 job=$3 analysts=$4 container=${5:-lake}
here=$(cd "$(dirname "$0")" && pwd)
az storage account management-policy create --resource-group "$rg" --account-name "$account" \
  --policy @"$here/lifecycle-policy.json"
az deployment group create --resource-group "$rg" --template-file "$here/role-assignments.json" \
  --parameters storageAccountName="$account" lakeContainerName="$container" \
    jobServicePrincipalObjectId="$job" analystsGroupObjectId="$analysts"
