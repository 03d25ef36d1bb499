# Referral events for reports (docs/rules.md §9). Every referral-events message lands as one row of
# referral_events through a Pub/Sub BigQuery subscription: no code on any request path, no DML.
# use_table_schema: each field of the message's JSON data that names a column fills it;
# drop_unknown_fields: the others are dropped; write_metadata: subscription_name, message_id,
# publish_time and attributes are added. The columns are referral-events-schema.json, which
# test/deploy keeps equal to shared/notifications/referral-events-table.ts and the event types.
resource "google_bigquery_dataset" "analytics" {
  dataset_id                 = var.analytics_dataset_id
  location                   = coalesce(var.bigquery_location, var.region)
  description                = "Referral events, for the funnel and other reports."
  delete_contents_on_destroy = false
  labels                     = var.labels

  depends_on = [google_project_service.enabled]
}

# Partitioned by the day of occurred_at, and a query must filter on it: a report's bytes scanned
# follow its span (at most 400 days), never the table's history.
resource "google_bigquery_table" "referral_events" {
  dataset_id               = google_bigquery_dataset.analytics.dataset_id
  table_id                 = "referral_events"
  description              = "One row per referral-events message (a redelivery may repeat a row: reports count each event_id once)."
  deletion_protection      = true
  labels                   = var.labels
  clustering               = ["type", "referrer_id"]
  require_partition_filter = true

  time_partitioning {
    type  = "DAY"
    field = "occurred_at"
  }

  schema = file("${path.module}/referral-events-schema.json")
}

# The Pub/Sub service agent writes the rows.
resource "google_bigquery_table_iam_member" "pubsub_writes_referral_events" {
  project    = google_bigquery_table.referral_events.project
  dataset_id = google_bigquery_table.referral_events.dataset_id
  table_id   = google_bigquery_table.referral_events.table_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${local.pubsub_service_agent}"
}

# The admin function reads them for GET /v1/admin/reports/funnel (jobUser: iam.tf).
resource "google_bigquery_table_iam_member" "admin_reads_referral_events" {
  project    = google_bigquery_table.referral_events.project
  dataset_id = google_bigquery_table.referral_events.dataset_id
  table_id   = google_bigquery_table.referral_events.table_id
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:${google_service_account.function["admin"].email}"
}

# A message BigQuery refuses (say, without occurred_at) goes here after the delivery attempts.
resource "google_pubsub_topic" "referral_events_to_bigquery_dead_letter" {
  name   = "referral-events-to-bigquery-dead-letter"
  labels = merge(var.labels, { direction = "dead-letter" })

  depends_on = [google_project_service.enabled]
}

resource "google_pubsub_subscription" "referral_events_to_bigquery_dead_letter" {
  name                       = "referral-events-to-bigquery-dead-letter"
  topic                      = google_pubsub_topic.referral_events_to_bigquery_dead_letter.id
  message_retention_duration = "2678400s"
  retain_acked_messages      = true
  labels                     = var.labels

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_topic_iam_member" "referral_events_dead_letter_publisher" {
  topic  = google_pubsub_topic.referral_events_to_bigquery_dead_letter.name
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${local.pubsub_service_agent}"
}

resource "google_pubsub_subscription" "referral_events_to_bigquery" {
  name   = "referral-events-to-bigquery"
  topic  = google_pubsub_topic.topic["referral-events"].id
  labels = var.labels

  bigquery_config {
    table               = "${google_bigquery_table.referral_events.project}.${google_bigquery_table.referral_events.dataset_id}.${google_bigquery_table.referral_events.table_id}"
    use_table_schema    = true
    write_metadata      = true
    drop_unknown_fields = true
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.referral_events_to_bigquery_dead_letter.id
    max_delivery_attempts = var.dead_letter_max_delivery_attempts
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [google_bigquery_table_iam_member.pubsub_writes_referral_events, google_pubsub_topic_iam_member.referral_events_dead_letter_publisher]
}

# The service agent acknowledges what it forwarded to the dead-letter topic.
resource "google_pubsub_subscription_iam_member" "referral_events_dead_letter_subscriber" {
  subscription = google_pubsub_subscription.referral_events_to_bigquery.name
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:${local.pubsub_service_agent}"
}
