resource "google_project_service" "enabled" {
  for_each = toset([
    "apigateway.googleapis.com",
    "artifactregistry.googleapis.com",
    "bigquery.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "cloudscheduler.googleapis.com",
    "compute.googleapis.com",
    "eventarc.googleapis.com",
    "iam.googleapis.com",
    "iap.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "servicecontrol.googleapis.com",
    "servicemanagement.googleapis.com",
    "storage.googleapis.com",
  ])
  service            = each.key
  disable_on_destroy = false
}

# Pub/Sub's service agent pushes to the triggers and moves messages to dead-letter topics. On a new
# project it exists only some time after pubsub.googleapis.com is enabled, so it is created here
# (and its email read from it) before the grants to it in iam.tf and pubsub.tf.
resource "google_project_service_identity" "pubsub" {
  provider = google-beta
  service  = "pubsub.googleapis.com"

  depends_on = [google_project_service.enabled]
}

# IAP's service agent calls the console's function (roles/run.invoker in iam.tf); like Pub/Sub's,
# it is created here rather than assumed to exist.
resource "google_project_service_identity" "iap" {
  provider = google-beta
  service  = "iap.googleapis.com"

  depends_on = [google_project_service.enabled]
}

locals {
  pubsub_service_agent = google_project_service_identity.pubsub.email
  iap_service_agent    = google_project_service_identity.iap.email
}
