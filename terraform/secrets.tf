# The secret only: its value (the MongoDB connection string) never passes through Terraform or its
# state. Add it with `gcloud secrets versions add` (README.md) before the functions are deployed.
resource "google_secret_manager_secret" "mongodb_uri" {
  secret_id = var.mongodb_uri_secret_id
  labels    = var.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.enabled]
}

resource "google_secret_manager_secret_iam_member" "function_reads_mongodb_uri" {
  for_each  = local.functions
  secret_id = google_secret_manager_secret.mongodb_uri.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function[each.key].email}"
}
