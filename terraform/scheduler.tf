# One job per scheduled function, named as the function, so that SCHEDULER_LOCATION plus the job
# name is all the admin function needs to run a job now (POST /v1/admin/jobs/{job}/run).
resource "google_service_account" "scheduler" {
  for_each     = local.scheduled_functions
  account_id   = trim(substr("sch-${local.account_suffix[each.key]}", 0, 30), "-")
  display_name = "Scheduler job ${each.key}"
  description  = "Cloud Scheduler calls ${each.key} as this account."

  depends_on = [google_project_service.enabled]
}

resource "google_cloud_scheduler_job" "job" {
  for_each    = local.scheduled_functions
  name        = each.key
  region      = local.scheduler_region
  description = "Runs function ${each.key}"
  schedule    = each.value.schedule
  time_zone   = var.scheduler_time_zone
  # Cloud Scheduler waits at most 30 minutes for an HTTP target.
  attempt_deadline = "${min(local.settings[each.key].timeout_seconds, 1800)}s"

  # No retries: the sweeps resume where they stopped, and the next run comes on schedule.
  retry_config {
    retry_count = 0
  }

  http_target {
    http_method = "POST"
    uri         = google_cloudfunctions2_function.scheduled[each.key].service_config[0].uri
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode("{}")

    oidc_token {
      service_account_email = google_service_account.scheduler[each.key].email
      audience              = google_cloudfunctions2_function.scheduled[each.key].service_config[0].uri
    }
  }

  depends_on = [google_cloud_run_service_iam_member.scheduler_invokes]
}
