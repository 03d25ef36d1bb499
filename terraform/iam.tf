# Least privilege: every function has its own service account and gets only what its table entry
# in function-table.tf asks for; every caller (gateway, IAP, trigger, scheduler job) may invoke only its functions.
locals {
  publish_grants = merge([
    for name, spec in local.functions : {
      for topic in spec.publishes : "${name} ${topic}" => { function = name, topic = topic }
    }
  ]...)
  bigquery_access = { for name, spec in local.functions : name => spec.bigquery if spec.bigquery != "none" }
  job_runners     = { for name, spec in merge(local.http_functions, local.iap_functions) : name => spec if spec.runs_scheduled_jobs }
}

resource "google_pubsub_topic_iam_member" "function_publishes" {
  for_each = local.publish_grants
  topic    = google_pubsub_topic.topic[each.value.topic].name
  role     = "roles/pubsub.publisher"
  member   = "serviceAccount:${google_service_account.function[each.value.function].email}"
}

resource "google_bigquery_table_iam_member" "function_uses_deals" {
  for_each   = local.bigquery_access
  project    = local.deals_table.project
  dataset_id = local.deals_table.dataset
  table_id   = local.deals_table.table
  # Only syncDealReferrals writes: one MERGE per run (docs/rules.md §2.9).
  role   = each.value == "write" ? "roles/bigquery.dataEditor" : "roles/bigquery.dataViewer"
  member = "serviceAccount:${google_service_account.function[each.key].email}"

  depends_on = [google_project_service.enabled, google_bigquery_table.deals]
}

# bigquery.jobs.create where the functions' BigQuery client runs its jobs: BIGQUERY_PROJECT, the
# deals table's project (function-table.tf), which is another project with existing_deals_table.
resource "google_project_iam_member" "function_runs_bigquery_jobs" {
  for_each = local.bigquery_access
  project  = local.bigquery_jobs_project
  role     = "roles/bigquery.jobUser"
  member   = "serviceAccount:${google_service_account.function[each.key].email}"

  depends_on = [google_project_service.enabled]
}

# Cloud Scheduler has no per-job IAM: running a job now is granted on the project.
resource "google_project_iam_member" "function_runs_scheduled_jobs" {
  for_each = local.job_runners
  project  = var.project_id
  role     = "roles/cloudscheduler.jobRunner"
  member   = "serviceAccount:${google_service_account.function[each.key].email}"

  depends_on = [google_project_service.enabled]
}

resource "google_cloud_run_service_iam_member" "gateway_invokes" {
  for_each = { for name, fn in google_cloudfunctions2_function.http : name => fn.service_config[0].service if var.enable_api_gateway }
  project  = var.project_id
  location = var.region
  service  = each.value
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.gateway[0].email}"
}

# IAP calls the console's function as its service agent (X-Serverless-Authorization), after its own check.
resource "google_cloud_run_service_iam_member" "iap_invokes" {
  for_each = google_cloudfunctions2_function.iap
  project  = var.project_id
  location = var.region
  service  = each.value.service_config[0].service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${local.iap_service_agent}"
}

resource "google_cloud_run_service_iam_member" "trigger_invokes" {
  for_each = google_cloudfunctions2_function.pubsub
  project  = var.project_id
  location = var.region
  service  = each.value.service_config[0].service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.trigger[each.key].email}"
}

# Pub/Sub's service agent mints the trigger account's OIDC token for each push.
resource "google_service_account_iam_member" "pubsub_agent_signs_for_trigger" {
  for_each           = local.pubsub_functions
  service_account_id = google_service_account.trigger[each.key].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${local.pubsub_service_agent}"
}

resource "google_cloud_run_service_iam_member" "scheduler_invokes" {
  for_each = google_cloudfunctions2_function.scheduled
  project  = var.project_id
  location = var.region
  service  = each.value.service_config[0].service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.scheduler[each.key].email}"
}
