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

# The key of the personal-data hashes erasure keeps (PII_HASH_SECRET, docs/rules.md §7). Like the
# MongoDB URI, its value never passes through Terraform: add it with `gcloud secrets versions add`
# before the functions are deployed (terraform/README.md), and never change it, or the hashes of
# erased customers stop matching.
resource "google_secret_manager_secret" "pii_hash_secret" {
  secret_id = var.pii_hash_secret_id
  labels    = var.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.enabled]
}

resource "google_secret_manager_secret_iam_member" "function_reads_pii_hash_secret" {
  for_each  = local.functions
  secret_id = google_secret_manager_secret.pii_hash_secret.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function[each.key].email}"
}
