#!/usr/bin/env bash
# Puts a dead-letter policy on the Pub/Sub subscription Eventarc created for a function's trigger
# (Terraform cannot reach that subscription). Idempotent: running it again sets the same policy.
# Environment: PROJECT, TRIGGER (projects/P/locations/L/triggers/T), DEAD_LETTER_TOPIC
# (projects/P/topics/T), MAX_DELIVERY_ATTEMPTS, PUBSUB_SERVICE_AGENT (email).
set -euo pipefail

for name in PROJECT TRIGGER DEAD_LETTER_TOPIC MAX_DELIVERY_ATTEMPTS PUBSUB_SERVICE_AGENT; do
  if [[ -z "${!name:-}" ]]; then
    echo "attach-dead-letter: $name is not set" >&2
    exit 2
  fi
done

subscription="$(gcloud eventarc triggers describe "$TRIGGER" --project "$PROJECT" \
  --format='value(transport.pubsub.subscription)')"
if [[ -z "$subscription" ]]; then
  echo "attach-dead-letter: trigger $TRIGGER has no Pub/Sub subscription yet" >&2
  exit 1
fi

# Pub/Sub's service agent must be able to pull from the subscription to forward a message.
gcloud pubsub subscriptions add-iam-policy-binding "$subscription" --project "$PROJECT" \
  --member "serviceAccount:$PUBSUB_SERVICE_AGENT" --role roles/pubsub.subscriber --quiet >/dev/null

gcloud pubsub subscriptions update "$subscription" --project "$PROJECT" \
  --dead-letter-topic "$DEAD_LETTER_TOPIC" \
  --max-delivery-attempts "$MAX_DELIVERY_ATTEMPTS" \
  --quiet

echo "attach-dead-letter: $subscription -> $DEAD_LETTER_TOPIC after $MAX_DELIVERY_ATTEMPTS attempts"
