locals {
  # Inbound topics (shared/app/function-catalog.ts inboundTopics) are fed by the payments and
  # customer systems; outbound ones (shared/notifications/publisher.ts outboundTopics) by this system.
  topics = {
    payments                 = "inbound"
    customers                = "inbound"
    "referral-notifications" = "outbound"
    "referral-events"        = "outbound"
  }
}

resource "google_pubsub_topic" "topic" {
  for_each = local.topics
  name     = each.key
  labels   = merge(var.labels, { direction = each.value })
  # Kept a week so a consumer can seek back and replay after a bad deploy.
  message_retention_duration = "604800s"

  depends_on = [google_project_service.enabled]
}

# One identity per Eventarc trigger: it may invoke its own function and nothing else (iam.tf).
resource "google_service_account" "trigger" {
  for_each     = local.pubsub_functions
  account_id   = trim(substr("ev-${local.account_suffix[each.key]}", 0, 30), "-")
  display_name = "Trigger of ${each.key}"
  description  = "Eventarc delivers ${each.value.topic} messages to ${each.key} as this account."

  depends_on = [google_project_service.enabled]
}

# Dead letters: a message a function keeps failing on (after var.dead_letter_max_delivery_attempts)
# moves to "<function>-dead-letter" and is kept 31 days on its subscription for inspection and replay.
resource "google_pubsub_topic" "dead_letter" {
  for_each = local.pubsub_functions
  name     = "${each.key}-dead-letter"
  labels   = merge(var.labels, { direction = "dead-letter" })

  depends_on = [google_project_service.enabled]
}

resource "google_pubsub_subscription" "dead_letter" {
  for_each                   = local.pubsub_functions
  name                       = "${each.key}-dead-letter"
  topic                      = google_pubsub_topic.dead_letter[each.key].id
  message_retention_duration = "2678400s"
  retain_acked_messages      = true
  ack_deadline_seconds       = 60
  labels                     = var.labels

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  for_each = local.pubsub_functions
  topic    = google_pubsub_topic.dead_letter[each.key].name
  role     = "roles/pubsub.publisher"
  member   = "serviceAccount:${local.pubsub_service_agent}"
}

# The subscription of a function's event_trigger is created and owned by Eventarc, and neither
# google_cloudfunctions2_function nor google_eventarc_trigger can set its dead-letter policy
# (hashicorp/terraform-provider-google#25069 and #17697). So, after the trigger exists, this sets it
# on that subscription with gcloud; it runs again whenever the trigger or the policy changes.
resource "terraform_data" "dead_letter_policy" {
  for_each = { for name, spec in local.pubsub_functions : name => spec if var.attach_dead_letter_policies }

  triggers_replace = [
    google_cloudfunctions2_function.pubsub[each.key].event_trigger[0].trigger,
    google_pubsub_topic.dead_letter[each.key].id,
    var.dead_letter_max_delivery_attempts,
  ]

  provisioner "local-exec" {
    command = "bash ${path.module}/scripts/attach-dead-letter.sh"
    environment = {
      PROJECT               = var.project_id
      TRIGGER               = google_cloudfunctions2_function.pubsub[each.key].event_trigger[0].trigger
      DEAD_LETTER_TOPIC     = google_pubsub_topic.dead_letter[each.key].id
      MAX_DELIVERY_ATTEMPTS = tostring(var.dead_letter_max_delivery_attempts)
      PUBSUB_SERVICE_AGENT  = local.pubsub_service_agent
    }
  }

  depends_on = [google_pubsub_topic_iam_member.dead_letter_publisher]
}
