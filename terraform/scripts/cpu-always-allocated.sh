#!/usr/bin/env bash
# Gives a function's Cloud Run service CPU outside requests (instance-based billing,
# --no-cpu-throttling), which google_cloudfunctions2_function cannot set. A function deployed with
# the Cloud Functions v2 API may also be managed with the Cloud Run Admin API. Idempotent: running it
# again sets the same. Environment: PROJECT, REGION, SERVICE (the service's name, or its full name
# projects/P/locations/L/services/S).
set -euo pipefail

for name in PROJECT REGION SERVICE; do
  if [[ -z "${!name:-}" ]]; then
    echo "cpu-always-allocated: $name is not set" >&2
    exit 2
  fi
done

service="${SERVICE##*/}"
gcloud run services update "$service" --project "$PROJECT" --region "$REGION" --no-cpu-throttling --quiet

# The revision now serving must say so; a function redeployed meanwhile would have brought its own.
if ! gcloud run services describe "$service" --project "$PROJECT" --region "$REGION" --format=json |
  grep -q '"run.googleapis.com/cpu-throttling": "false"'; then
  echo "cpu-always-allocated: $service still has CPU only during requests" >&2
  exit 1
fi
echo "cpu-always-allocated: $service has CPU outside requests (instance-based billing)"
