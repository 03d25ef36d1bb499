# API Gateway in front of the HTTP functions. The public API is the generated openapi.json at the
# top of the repository; the module adds the backends and the JWT requirement to it.
locals {
  openapi_path = var.openapi_path != "" ? var.openapi_path : "${path.module}/../openapi.json"

  # The CORS preflight of each path the card calls (function-table.tf's cross_origin): a browser
  # sends it without the token, so the gateway routes it to the function without the JWT, and the
  # function answers it from CARD_ALLOWED_ORIGINS. API Gateway serves only the operations its
  # document lists (x-google-allow defaults to "configured"), so each is an operation of openapi.json.
  preflight_routes = {
    for name, spec in local.http_functions : name => distinct([for route in try(spec.cross_origin, []) : "OPTIONS ${split(" ", route)[1]}"])
  }
}

resource "google_service_account" "gateway" {
  count        = var.enable_api_gateway ? 1 : 0
  account_id   = "api-gateway-backend"
  display_name = "API Gateway backend caller"
  description  = "API Gateway calls the HTTP functions as this account."

  depends_on = [google_project_service.enabled]
}

module "gateway_openapi" {
  source = "./modules/gateway-openapi"
  count  = var.enable_api_gateway ? 1 : 0

  document      = try(file(local.openapi_path), null)
  document_path = local.openapi_path
  routes        = { for name, spec in local.http_functions : name => concat(spec.routes, local.preflight_routes[name]) }
  public_routes = flatten([for name, spec in local.http_functions : concat([for route in spec.routes : route if try(spec.public, false)], local.preflight_routes[name])])
  backends      = { for name, fn in google_cloudfunctions2_function.http : name => fn.service_config[0].uri }
  deadlines     = { for name in keys(local.http_functions) : name => local.settings[name].timeout_seconds }
  jwt = {
    issuer   = var.jwt_issuer
    jwks_uri = var.jwt_jwks_uri
    audience = var.jwt_audience
  }
}

resource "google_api_gateway_api" "api" {
  provider     = google-beta
  count        = var.enable_api_gateway ? 1 : 0
  api_id       = var.api_id
  display_name = "Referral system"
  labels       = var.labels

  depends_on = [google_project_service.enabled]
}

# A config is immutable: its id follows the document, and the new one exists before the old goes.
resource "google_api_gateway_api_config" "api" {
  provider      = google-beta
  count         = var.enable_api_gateway ? 1 : 0
  api           = google_api_gateway_api.api[0].api_id
  api_config_id = "${var.api_id}-${substr(sha256(module.gateway_openapi[0].document), 0, 12)}"
  labels        = var.labels

  openapi_documents {
    document {
      path     = "openapi.json"
      contents = base64encode(module.gateway_openapi[0].document)
    }
  }

  gateway_config {
    backend_config {
      google_service_account = google_service_account.gateway[0].email
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

# In var.api_gateway_region, not var.region: API Gateway runs in a few regions only (variables.tf).
resource "google_api_gateway_gateway" "gateway" {
  provider     = google-beta
  count        = var.enable_api_gateway ? 1 : 0
  gateway_id   = var.api_id
  display_name = "Referral system"
  region       = var.api_gateway_region
  api_config   = google_api_gateway_api_config.api[0].id
  labels       = var.labels
}

# Each API Gateway API is a managed service of its own that must be enabled to serve traffic.
resource "google_project_service" "gateway_api" {
  count              = var.enable_api_gateway ? 1 : 0
  service            = google_api_gateway_api.api[0].managed_service
  disable_on_destroy = false
}
