# The deals table, unless the platform's own is given in var.existing_deals_table. The columns
# (deals-schema.json) mirror dealSchema of shared/deals/deal.ts: test/deploy keeps them the same.
resource "google_bigquery_dataset" "deals" {
  count                      = var.existing_deals_table == "" ? 1 : 0
  dataset_id                 = var.bigquery_dataset_id
  location                   = coalesce(var.bigquery_location, var.region)
  description                = "Bookings of the travel platform."
  delete_contents_on_destroy = false
  labels                     = var.labels

  depends_on = [google_project_service.enabled]
}

resource "google_bigquery_table" "deals" {
  count               = var.existing_deals_table == "" ? 1 : 0
  dataset_id          = google_bigquery_dataset.deals[0].dataset_id
  table_id            = var.bigquery_table_id
  description         = "One row per booking. The referral system reads a deal when a code is applied and keeps referral_code_applied in step with its usages (syncDealReferrals)."
  deletion_protection = true
  labels              = var.labels
  clustering          = ["deal_id"]

  time_partitioning {
    type  = "DAY"
    field = "sold_ts"
  }

  schema = file("${path.module}/deals-schema.json")
}
