# Every function of function-table.tf, by trigger: one resource per kind, one instance per function.
resource "google_service_account" "function" {
  for_each     = local.functions
  account_id   = trim(substr("fn-${local.account_suffix[each.key]}", 0, 30), "-")
  display_name = "Function ${each.key}"
  description  = "Identity function ${each.key} runs as."

  depends_on = [google_project_service.enabled]
}

resource "google_cloudfunctions2_function" "http" {
  for_each    = local.http_functions
  name        = each.key
  location    = var.region
  description = "HTTP behind API Gateway: ${length(each.value.routes)} routes of the public API"
  labels      = var.labels

  build_config {
    runtime         = "nodejs24"
    entry_point     = each.key
    service_account = var.build_service_account
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source[each.key].name
      }
    }
  }

  service_config {
    available_memory                 = local.settings[each.key].memory
    available_cpu                    = local.settings[each.key].cpu
    max_instance_request_concurrency = local.settings[each.key].concurrency
    timeout_seconds                  = local.settings[each.key].timeout_seconds
    min_instance_count               = local.settings[each.key].min_instances
    max_instance_count               = local.settings[each.key].max_instances
    # Reachable from the internet, but only the gateway's service account may invoke it.
    ingress_settings               = "ALLOW_ALL"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.function[each.key].email
    environment_variables          = local.function_environment

    secret_environment_variables {
      key        = "MONGODB_URI"
      project_id = var.project_id
      secret     = google_secret_manager_secret.mongodb_uri.secret_id
      version    = var.mongodb_uri_secret_version
    }

    secret_environment_variables {
      key        = "PII_HASH_SECRET"
      project_id = var.project_id
      secret     = google_secret_manager_secret.pii_hash_secret.secret_id
      version    = var.pii_hash_secret_version
    }
  }

  lifecycle {
    precondition {
      condition     = alltrue([for name in keys(var.function_overrides) : contains(keys(local.functions), name)])
      error_message = "function_overrides names functions that do not exist: ${join(", ", setsubtract(keys(var.function_overrides), keys(local.functions)))}."
    }
  }

  depends_on = [
    google_project_service.enabled,
    google_secret_manager_secret_iam_member.function_reads_mongodb_uri,
    google_secret_manager_secret_iam_member.function_reads_pii_hash_secret,
  ]
}

# Share links record their click after the redirect has gone (docs/rules.md §9). With Cloud Run's
# default, request-based billing, an instance's CPU is cut back as soon as its answer has left, so
# that work would crawl until the next request, or be lost when the instance is stopped. The
# functions whose table entry says cpu_always_allocated (shareLink) get instance-based billing: CPU
# for the instance's whole life. google_cloudfunctions2_function has no setting for it (its
# service_config has none), but a function deployed through the Cloud Functions v2 API may also be
# managed through the Cloud Run Admin API, so the apply sets it on the function's Cloud Run service
# with gcloud, and again after every change of the function (a redeploy brings a new revision).
# The cost is in terraform/README.md.
resource "terraform_data" "cpu_always_allocated" {
  for_each = { for name, spec in local.http_functions : name => spec if try(spec.cpu_always_allocated, false) && var.set_cpu_always_allocated }

  triggers_replace = [
    google_cloudfunctions2_function.http[each.key].service_config[0].service,
    google_cloudfunctions2_function.http[each.key].update_time,
  ]

  provisioner "local-exec" {
    command = "bash ${path.module}/scripts/cpu-always-allocated.sh"
    environment = {
      PROJECT = var.project_id
      REGION  = var.region
      SERVICE = google_cloudfunctions2_function.http[each.key].service_config[0].service
    }
  }
}

resource "google_cloudfunctions2_function" "pubsub" {
  for_each    = local.pubsub_functions
  name        = each.key
  location    = var.region
  description = "Pub/Sub: messages on topic ${each.value.topic}"
  labels      = var.labels

  build_config {
    runtime         = "nodejs24"
    entry_point     = each.key
    service_account = var.build_service_account
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source[each.key].name
      }
    }
  }

  service_config {
    available_memory                 = local.settings[each.key].memory
    available_cpu                    = local.settings[each.key].cpu
    max_instance_request_concurrency = local.settings[each.key].concurrency
    timeout_seconds                  = local.settings[each.key].timeout_seconds
    min_instance_count               = local.settings[each.key].min_instances
    max_instance_count               = local.settings[each.key].max_instances
    ingress_settings                 = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.function[each.key].email
    environment_variables            = local.function_environment

    secret_environment_variables {
      key        = "MONGODB_URI"
      project_id = var.project_id
      secret     = google_secret_manager_secret.mongodb_uri.secret_id
      version    = var.mongodb_uri_secret_version
    }

    secret_environment_variables {
      key        = "PII_HASH_SECRET"
      project_id = var.project_id
      secret     = google_secret_manager_secret.pii_hash_secret.secret_id
      version    = var.pii_hash_secret_version
    }
  }

  # Delivery is at least once: a function that throws gets the message again, and after
  # var.dead_letter_max_delivery_attempts it goes to the function's dead-letter topic (pubsub.tf).
  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = google_pubsub_topic.topic[each.value.topic].id
    retry_policy          = "RETRY_POLICY_RETRY"
    service_account_email = google_service_account.trigger[each.key].email
  }

  depends_on = [
    google_project_service.enabled,
    google_secret_manager_secret_iam_member.function_reads_mongodb_uri,
    google_secret_manager_secret_iam_member.function_reads_pii_hash_secret,
  ]
}

resource "google_cloudfunctions2_function" "scheduled" {
  for_each    = local.scheduled_functions
  name        = each.key
  location    = var.region
  description = "Cloud Scheduler: ${each.value.schedule} (${var.scheduler_time_zone})"
  labels      = var.labels

  build_config {
    runtime         = "nodejs24"
    entry_point     = each.key
    service_account = var.build_service_account
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source[each.key].name
      }
    }
  }

  service_config {
    available_memory                 = local.settings[each.key].memory
    available_cpu                    = local.settings[each.key].cpu
    max_instance_request_concurrency = local.settings[each.key].concurrency
    timeout_seconds                  = local.settings[each.key].timeout_seconds
    min_instance_count               = local.settings[each.key].min_instances
    max_instance_count               = local.settings[each.key].max_instances
    ingress_settings                 = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.function[each.key].email
    environment_variables            = local.function_environment

    secret_environment_variables {
      key        = "MONGODB_URI"
      project_id = var.project_id
      secret     = google_secret_manager_secret.mongodb_uri.secret_id
      version    = var.mongodb_uri_secret_version
    }

    secret_environment_variables {
      key        = "PII_HASH_SECRET"
      project_id = var.project_id
      secret     = google_secret_manager_secret.pii_hash_secret.secret_id
      version    = var.pii_hash_secret_version
    }
  }

  depends_on = [
    google_project_service.enabled,
    google_secret_manager_secret_iam_member.function_reads_mongodb_uri,
    google_secret_manager_secret_iam_member.function_reads_pii_hash_secret,
  ]
}
