# The support console behind Identity-Aware Proxy: a global external Application Load Balancer at
# var.console_domain, whose one backend service has IAP enabled and reaches the console function
# through a serverless network endpoint group. IAP signs every request it lets through
# (X-Goog-IAP-JWT-Assertion); the function verifies it (AUTH_MODE=iap) and gives role admin to
# the e-mails of var.console_admins only. The function takes traffic from the load balancer only
# (ingress), and only IAP's service agent may invoke it (iam.tf).
#
# Always deployed: the console is in the function catalog, and the function cannot start without
# the audience of the backend service in front of it (IAP_AUDIENCE).
data "google_project" "this" {
  project_id = var.project_id

  depends_on = [google_project_service.enabled]
}

locals {
  # What sets the console's function apart from the others' environment (function_environment).
  iap_environment = {
    AUTH_MODE        = "iap"
    ADMIN_IDENTITIES = join(",", var.console_admins)
  }
}

resource "google_cloudfunctions2_function" "iap" {
  for_each    = local.iap_functions
  name        = each.key
  location    = var.region
  description = "HTTP behind Identity-Aware Proxy: the support console, and the routes of ${each.value.serves} on its origin"
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
    # Not reachable at its run.app URL: only through the load balancer, hence through IAP.
    ingress_settings               = "ALLOW_INTERNAL_AND_GCLB"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.function[each.key].email
    # The audience IAP signs its header for: this backend service, by project number and numeric id.
    environment_variables = merge(local.function_environment, local.iap_environment, {
      IAP_AUDIENCE = "/projects/${data.google_project.this.number}/global/backendServices/${google_compute_backend_service.iap[each.key].generated_id}"
    })

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
    # The network endpoint group names the Cloud Run service by the function's name (see below).
    postcondition {
      condition     = reverse(split("/", self.service_config[0].service))[0] == lower(each.key)
      error_message = "The Cloud Run service of function ${each.key} is ${self.service_config[0].service}, not ${lower(each.key)}: the console's network endpoint group points at nothing."
    }
  }

  depends_on = [
    google_project_service.enabled,
    google_secret_manager_secret_iam_member.function_reads_mongodb_uri,
    google_secret_manager_secret_iam_member.function_reads_pii_hash_secret,
  ]
}

# The Cloud Run service of a 2nd gen function carries the function's name in lower case. It is
# named here rather than read from the function, which would be a cycle: the function's
# IAP_AUDIENCE is read from the backend service, and the backend service needs this group.
resource "google_compute_region_network_endpoint_group" "iap" {
  for_each              = local.iap_functions
  name                  = "referrals-${local.account_suffix[each.key]}"
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = lower(each.key)
  }

  depends_on = [google_project_service.enabled]
}

resource "google_compute_backend_service" "iap" {
  for_each              = local.iap_functions
  name                  = "referrals-${local.account_suffix[each.key]}"
  description           = "Function ${each.key} behind Identity-Aware Proxy"
  load_balancing_scheme = "EXTERNAL_MANAGED"

  backend {
    group = google_compute_region_network_endpoint_group.iap[each.key].id
  }

  # Without a client of its own, IAP uses a Google-managed OAuth client: agents of the project's
  # organisation only. var.console_oauth2_client_id lets accounts outside it in (README).
  iap {
    enabled              = true
    oauth2_client_id     = var.console_oauth2_client_id == "" ? null : var.console_oauth2_client_id
    oauth2_client_secret = var.console_oauth2_client_secret == "" ? null : var.console_oauth2_client_secret
  }

  log_config {
    enable      = true
    sample_rate = 1
  }
}

# Who may pass IAP: authoritative for this role on the backend service, so a member removed from
# var.console_members loses access at the next apply. Role admin is ADMIN_IDENTITIES' business.
resource "google_iap_web_backend_service_iam_binding" "console_access" {
  for_each            = local.iap_functions
  project             = var.project_id
  web_backend_service = google_compute_backend_service.iap[each.key].name
  role                = "roles/iap.httpsResourceAccessor"
  members             = var.console_members
}

# One load balancer, one console: every path goes to its backend (the function answers 404 for
# what it does not serve), and the bare domain is sent to the page.
resource "google_compute_url_map" "console" {
  name        = "referrals-console"
  description = "The support console at ${var.console_domain}"
  # one(): a second IAP function would need its own path rules here.
  default_service = one(values(google_compute_backend_service.iap)).id

  host_rule {
    hosts        = [var.console_domain]
    path_matcher = "console"
  }

  path_matcher {
    name            = "console"
    default_service = one(values(google_compute_backend_service.iap)).id

    path_rule {
      paths = ["/"]
      url_redirect {
        path_redirect          = "/console/"
        redirect_response_code = "FOUND"
        strip_query            = true
      }
    }
  }
}

# The name follows the domain, and the new certificate exists before the proxy lets the old go.
resource "google_compute_managed_ssl_certificate" "console" {
  name = "referrals-console-${substr(sha256(var.console_domain), 0, 8)}"

  managed {
    domains = [var.console_domain]
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [google_project_service.enabled]
}

resource "google_compute_target_https_proxy" "console" {
  name             = "referrals-console"
  url_map          = google_compute_url_map.console.id
  ssl_certificates = [google_compute_managed_ssl_certificate.console.id]
}

# The address the DNS record of var.console_domain points at (output console_ip_address).
resource "google_compute_global_address" "console" {
  name = "referrals-console"

  depends_on = [google_project_service.enabled]
}

resource "google_compute_global_forwarding_rule" "console_https" {
  name                  = "referrals-console-https"
  target                = google_compute_target_https_proxy.console.id
  ip_address            = google_compute_global_address.console.id
  port_range            = "443"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}

# Plain HTTP on the same address only redirects to HTTPS.
resource "google_compute_url_map" "console_http" {
  name        = "referrals-console-http"
  description = "Redirects http://${var.console_domain} to HTTPS"

  default_url_redirect {
    https_redirect = true
    strip_query    = false
  }

  depends_on = [google_project_service.enabled]
}

resource "google_compute_target_http_proxy" "console_http" {
  name    = "referrals-console-http"
  url_map = google_compute_url_map.console_http.id
}

resource "google_compute_global_forwarding_rule" "console_http" {
  name                  = "referrals-console-http"
  target                = google_compute_target_http_proxy.console_http.id
  ip_address            = google_compute_global_address.console.id
  port_range            = "80"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}
