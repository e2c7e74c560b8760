#!/usr/bin/env bash
# Collects the read-only AWS CLI outputs `trailwatch trails audit --from-dir DIR` reads: one file per
# call, `<call>.json` with its output and `<call>.err` with the CLI's error when it failed (a denied
# or "not configured" answer is evidence too). Needs only the AWS CLI (v1 or v2) and credentials
# allowed the calls listed in docs/trails.md. Honours AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>.
#
# usage: scripts/trails-evidence.sh DIR [REGION ...]
#   default regions: the 17 regions every commercial account has enabled
set -uo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 DIR [REGION ...]" >&2
  exit 2
fi
dir=$1
shift
if [ $# -gt 0 ]; then
  regions=("$@")
else
  regions=(ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-south-1 ap-southeast-1 ap-southeast-2 ca-central-1
    eu-central-1 eu-north-1 eu-west-1 eu-west-2 eu-west-3 sa-east-1 us-east-1 us-east-2 us-west-1 us-west-2)
fi
mkdir -p "$dir"

# run NAME COMMAND...: stdout to NAME.json, stderr to NAME.err (kept only when not empty)
run() {
  local name=$1
  shift
  "$@" --output json >"$dir/$name.json" 2>"$dir/$name.err"
  [ -s "$dir/$name.err" ] || rm -f "$dir/$name.err"
}

date -u +%Y-%m-%dT%H:%M:%SZ >"$dir/taken-at.txt"
aws sts get-caller-identity --query Account --output text >"$dir/account-id.txt" 2>/dev/null || rm -f "$dir/account-id.txt"

for region in "${regions[@]}"; do
  run "describe-trails.$region" aws cloudtrail describe-trails --include-shadow-trails --region "$region" &
done
wait

# HomeRegion, Name, TrailARN and bucket of every trail any region listed, once each.
trails=$(for region in "${regions[@]}"; do
  aws cloudtrail describe-trails --include-shadow-trails --region "$region" \
    --query 'trailList[].[HomeRegion,Name,TrailARN,S3BucketName]' --output text 2>/dev/null
done | sort -u)

while read -r home name arn bucket; do
  [ -n "${arn:-}" ] || continue
  run "get-trail-status.$home.$name" aws cloudtrail get-trail-status --name "$arn" --region "$home" &
  run "get-event-selectors.$home.$name" aws cloudtrail get-event-selectors --trail-name "$arn" --region "$home" &
  run "get-insight-selectors.$home.$name" aws cloudtrail get-insight-selectors --trail-name "$arn" --region "$home" &
done <<<"$trails"
wait

for bucket in $(awk '{ print $4 }' <<<"$trails" | sort -u); do
  [ "$bucket" != "None" ] || continue
  for call in get-bucket-policy-status get-public-access-block get-bucket-encryption get-bucket-versioning \
    get-bucket-logging get-object-lock-configuration get-bucket-lifecycle-configuration get-bucket-acl; do
    run "$call.$bucket" aws s3api "$call" --bucket "$bucket" &
  done
  wait
done

run describe-organization aws organizations describe-organization &
run list-delegated-administrators aws organizations list-delegated-administrators --service-principal cloudtrail.amazonaws.com &
wait
echo "$dir: $(ls "$dir" | wc -l) files" >&2
