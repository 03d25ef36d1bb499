variable "project_id" {
  description = "Google Cloud project that hosts the referral system."
  type        = string
}

variable "region" {
  description = "Region of the functions, topics' triggers, source bucket and (by default) BigQuery and Cloud Scheduler."
  type        = string
  default     = "asia-south1"
}

variable "labels" {
  description = "Labels put on every resource that takes them."
  type        = map(string)
  default     = {}
}

variable "dist_dir" {
  description = "Folder that `npm run build` fills with one sub-folder per function. Empty means <repo>/dist."
  type        = string
  default     = ""
}

variable "build_service_account" {
  description = "Fully qualified service account (projects/P/serviceAccounts/EMAIL) Cloud Build uses to build the functions; null keeps the project default."
  type        = string
  default     = null
}

variable "function_overrides" {
  description = "Per-function changes to the defaults of function-table.tf, keyed by function name: memory (e.g. \"512Mi\"), timeout_seconds, min_instances, max_instances."
  type = map(object({
    memory          = optional(string)
    timeout_seconds = optional(number)
    min_instances   = optional(number)
    max_instances   = optional(number)
  }))
  default = {}
}

variable "mongodb_uri_secret_id" {
  description = "Secret Manager secret that holds MONGODB_URI. Terraform creates the secret; its value is added outside Terraform (see README)."
  type        = string
  default     = "referrals-mongodb-uri"
}

variable "mongodb_uri_secret_version" {
  description = "Version of the MONGODB_URI secret the functions read. A number pins it; \"latest\" is read when an instance starts."
  type        = string
  default     = "latest"
}

variable "pii_hash_secret_id" {
  description = "Secret Manager secret that holds PII_HASH_SECRET, the key of the e-mail and phone hashes kept after erasure. Terraform creates the secret; its value is added outside Terraform (see README)."
  type        = string
  default     = "referrals-pii-hash-secret"
}

variable "pii_hash_secret_version" {
  description = "Version of the PII_HASH_SECRET secret the functions read. A number pins it; \"latest\" is read when an instance starts."
  type        = string
  default     = "latest"
}

variable "review_velocity_per_day" {
  description = "REVIEW_VELOCITY_PER_DAY: more conversions than this for one referrer in a UTC day hold the credit for review. Empty keeps the default (20)."
  type        = string
  default     = ""
}

variable "analytics_dataset_id" {
  description = "Dataset of the referral_events table (BIGQUERY_EVENTS_DATASET), in this project."
  type        = string
  default     = "referral_analytics"
}

variable "share_landing_url" {
  description = "SHARE_LANDING_URL: where share links (GET /r/{code}) send visitors, an http(s) URL with {code} once, as a whole path segment or query value, e.g. https://example.travel/?ref={code}."
  type        = string

  validation {
    condition     = can(regex("^https?://[^/?#{}]+[^{}]*\\{code\\}[^{}]*$", var.share_landing_url))
    error_message = "share_landing_url must be an http(s) URL containing {code} once (in the path or a query value)."
  }
}

variable "share_click_record_timeout_ms" {
  description = "SHARE_CLICK_RECORD_TIMEOUT_MS: the longest a share link's redirect waits for its click to be recorded; 0 (the default) never waits, the click is recorded after the answer."
  type        = number
  default     = 0

  validation {
    condition     = var.share_click_record_timeout_ms >= 0 && floor(var.share_click_record_timeout_ms) == var.share_click_record_timeout_ms
    error_message = "share_click_record_timeout_ms must be a whole number of milliseconds, 0 or more."
  }
}

variable "card_allowed_origins" {
  description = "CARD_ALLOWED_ORIGINS: the booking sites whose pages may call the referrer's card's routes across origins (CORS), exact origins as browsers send them, e.g. [\"https://www.example.travel\"]. Empty: none."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.card_allowed_origins : can(regex("^https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$", origin)) && !endswith(origin, ":443")])
    error_message = "card_allowed_origins must be exact https origins (scheme://host[:port], lower case, no path, no trailing slash, no default port), e.g. https://www.example.travel."
  }
}

variable "disposable_email_domains" {
  description = "DISPOSABLE_EMAIL_DOMAINS: disposable e-mail domains on top of the maintained package's list."
  type        = list(string)
  default     = []
}

variable "mongodb_database" {
  description = "MongoDB database name (MONGODB_DB)."
  type        = string
  default     = "referrals"
}

variable "existing_deals_table" {
  description = "The platform's deals table as \"project.dataset.table\". Empty creates a dataset and table here instead."
  type        = string
  default     = ""

  validation {
    condition     = var.existing_deals_table == "" || can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]\\.[A-Za-z0-9_]+\\.[A-Za-z0-9_]+$", var.existing_deals_table))
    error_message = "existing_deals_table must be \"project.dataset.table\" or empty."
  }
}

variable "bigquery_dataset_id" {
  description = "Dataset created for the deals table when existing_deals_table is empty."
  type        = string
  default     = "platform"
}

variable "bigquery_table_id" {
  description = "Deals table created when existing_deals_table is empty."
  type        = string
  default     = "deals"
}

variable "bigquery_location" {
  description = "Location of the created dataset; null means the region."
  type        = string
  default     = null
}

variable "scheduler_region" {
  description = "Cloud Scheduler location; null means the region."
  type        = string
  default     = null
}

variable "scheduler_time_zone" {
  description = "Time zone the job schedules of the function catalog are read in."
  type        = string
  default     = "Etc/UTC"
}

variable "dead_letter_max_delivery_attempts" {
  description = "Deliveries of a Pub/Sub message to a function before it goes to that function's dead-letter topic (5 to 100)."
  type        = number
  default     = 10

  validation {
    condition     = var.dead_letter_max_delivery_attempts >= 5 && var.dead_letter_max_delivery_attempts <= 100
    error_message = "dead_letter_max_delivery_attempts must be between 5 and 100."
  }
}

variable "attach_dead_letter_policies" {
  description = "Attach the dead-letter topics to the Eventarc-created subscriptions with gcloud during apply (needs gcloud where Terraform runs). False leaves that to the README's manual step."
  type        = bool
  default     = true
}

variable "set_cpu_always_allocated" {
  description = "Give the functions that work after their answer (shareLink records its click after the redirect) CPU outside requests (Cloud Run instance-based billing) with gcloud during apply (needs gcloud where Terraform runs). False leaves that to scripts/cpu-always-allocated.sh (README); until then their clicks are recorded with the CPU Cloud Run leaves an instance between requests."
  type        = bool
  default     = true
}

variable "enable_api_gateway" {
  description = "Create the API Gateway in front of the HTTP functions. Needs the OpenAPI document (openapi_path)."
  type        = bool
  default     = true
}

variable "openapi_path" {
  description = "OpenAPI 3.x or 2.0 JSON document of the public API. Empty means <repo>/openapi.json."
  type        = string
  default     = ""
}

variable "api_gateway_region" {
  description = "Region of the gateway. API Gateway runs in fewer regions than functions (none in India), so this is not var.region: the default is the nearest to India. The gateway calls the functions across regions."
  type        = string
  default     = "asia-northeast1"
  nullable    = false

  # The regions API Gateway is available in, as its documentation lists them; extend when it grows.
  validation {
    condition = contains([
      "asia-northeast1",
      "australia-southeast1",
      "europe-west1",
      "europe-west2",
      "us-central1",
      "us-east1",
      "us-east4",
      "us-west2",
      "us-west3",
      "us-west4",
    ], var.api_gateway_region)
    error_message = "api_gateway_region must be a region API Gateway runs in: asia-northeast1, australia-southeast1, europe-west1, europe-west2, us-central1, us-east1, us-east4, us-west2, us-west3 or us-west4."
  }
}

variable "api_id" {
  description = "API Gateway API id; also the start of the gateway id."
  type        = string
  default     = "referrals"
}

variable "auth_mode" {
  description = "AUTH_MODE of the HTTP functions: \"gateway\" trusts the caller identity API Gateway verified and forwards; \"jwt\" verifies the caller's token in the function as well, read from X-Forwarded-Authorization where the gateway moved it (README: How a call reaches a function)."
  type        = string
  default     = "gateway"

  validation {
    condition     = contains(["gateway", "jwt"], var.auth_mode)
    error_message = "auth_mode must be \"gateway\" or \"jwt\" (\"dev\" is refused in production)."
  }
}

variable "jwt_issuer" {
  description = "Issuer (iss) of the customers' and admins' JWTs."
  type        = string
}

variable "jwt_jwks_uri" {
  description = "JWKS URL of the issuer's signing keys."
  type        = string
}

variable "jwt_audience" {
  description = "Audience (aud) the JWTs are issued for."
  type        = string
}

variable "console_domain" {
  description = "Domain the support console is served at (e.g. console.example.com). Create an A record for it to output console_ip_address; the Google-managed certificate is issued once it resolves."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z][-a-z0-9]{0,61}[a-z0-9]$", var.console_domain))
    error_message = "console_domain must be a fully qualified domain name in lower case, such as console.example.com."
  }
}

variable "console_members" {
  description = "Who may pass Identity-Aware Proxy to the console (roles/iap.httpsResourceAccessor), as IAM members: \"group:support@example.com\", \"user:ana@example.com\"."
  type        = list(string)

  validation {
    condition     = length(var.console_members) > 0 && alltrue([for m in var.console_members : can(regex("^(user|group|domain|serviceAccount|principal|principalSet):.+$", m))])
    error_message = "console_members must list at least one IAM member, each with its kind: group:support@example.com, user:ana@example.com, domain:example.com."
  }
}

variable "console_admins" {
  description = "ADMIN_IDENTITIES of the console: the Google accounts' e-mails that get role admin once IAP lets them in. Set on the server; an agent let in but not listed here gets 403 from every admin route."
  type        = list(string)

  validation {
    condition     = length(var.console_admins) > 0 && alltrue([for e in var.console_admins : can(regex("^[^\\s,@]+@[^\\s,@]+$", e))])
    error_message = "console_admins must list at least one e-mail address (the console is always deployed, and its function refuses to start without ADMIN_IDENTITIES)."
  }
}

variable "console_oauth2_client_id" {
  description = "OAuth client of Identity-Aware Proxy for the console. Empty uses the Google-managed client, which lets in accounts of the project's organisation only; set a client of your own (with its secret) to let in accounts outside it."
  type        = string
  default     = ""
}

variable "console_oauth2_client_secret" {
  description = "Secret of console_oauth2_client_id (kept in the Terraform state). Empty with the Google-managed client."
  type        = string
  default     = ""
  sensitive   = true

  validation {
    condition     = (var.console_oauth2_client_secret == "") == (var.console_oauth2_client_id == "")
    error_message = "console_oauth2_client_id and console_oauth2_client_secret are set together or not at all."
  }
}
