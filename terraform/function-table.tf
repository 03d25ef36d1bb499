# The functions of shared/app/function-catalog.ts, one table per trigger. The catalog stays the
# one list: test/deploy/terraform-consistency.test.ts fails when these tables and the catalog differ.
#   publishes: outbound topics the function publishes to (pubsub.publisher on each, nothing else)
#   bigquery:  its access to the deals table: "none", "read" (dataViewer) or "write" (dataEditor)
#   public:    (HTTP) its routes are routed by the gateway without the JWT (the catalog's `public`)
#   cross_origin: (HTTP) routes the referrer's card calls from a booking site's page (the catalog's
#              `crossOrigin`): the gateway also routes `OPTIONS <path>` (the CORS preflight) to the
#              function without the JWT, and the function answers CARD_ALLOWED_ORIGINS (gateway.tf)
#   cpu_always_allocated: (HTTP) CPU between requests too (instance-based billing), for work the
#              function does after its answer (functions.tf)
locals {
  http_functions = {
    applyReferralCode = {
      routes = [
        "POST /v1/referral-code/validate",
        "POST /v1/referral-code/apply",
        "DELETE /v1/deals/{deal_id}/referral",
      ]
      publishes           = ["referral-notifications", "referral-events"]
      bigquery            = "read"
      runs_scheduled_jobs = false
    }
    referralCode = {
      routes              = ["GET /v1/referral-code", "GET /v1/referrals"]
      cross_origin        = ["GET /v1/referral-code", "GET /v1/referrals"]
      publishes           = []
      bigquery            = "none"
      runs_scheduled_jobs = false
    }
    points = {
      routes = [
        "GET /v1/points",
        "GET /v1/points/ledger",
        "POST /v1/points/redeem",
        "POST /v1/points/redemptions/{redemption_id}/reverse",
      ]
      cross_origin        = ["GET /v1/points"]
      publishes           = ["referral-notifications"]
      bigquery            = "read"
      runs_scheduled_jobs = false
    }
    admin = {
      routes = [
        "GET /v1/admin/customers",
        "GET /v1/admin/customers/{customer_id}",
        "GET /v1/admin/customers/{customer_id}/usages",
        "GET /v1/admin/customers/{customer_id}/ledger",
        "GET /v1/admin/customers/{customer_id}/audit",
        "POST /v1/admin/customers/{customer_id}/referral-code/deactivate",
        "POST /v1/admin/customers/{customer_id}/referral-code/activate",
        "POST /v1/admin/customers/{customer_id}/disable",
        "POST /v1/admin/customers/{customer_id}/enable",
        "POST /v1/admin/customers/{customer_id}/points/adjust",
        "POST /v1/admin/usages/{usage_id}/release-credit",
        "POST /v1/admin/redemptions/{redemption_id}/reverse",
        "GET /v1/admin/reports/points-liability",
        "GET /v1/admin/reports/funnel",
        "GET /v1/admin/programme/terms",
        "POST /v1/admin/programme/terms",
        "DELETE /v1/admin/programme/terms/{terms_id}",
        "POST /v1/admin/jobs/{job}/run",
        "GET /v1/admin/reviews",
        "POST /v1/admin/usages/{usage_id}/approve",
        "POST /v1/admin/usages/{usage_id}/reject",
        "POST /v1/admin/customers/{customer_id}/erase",
      ]
      publishes = ["referral-notifications", "referral-events"]
      bigquery  = "read"
      # POST /v1/admin/jobs/{job}/run asks Cloud Scheduler to run the job now (SCHEDULER_LOCATION).
      runs_scheduled_jobs = true
    }
    # Share links (docs/rules.md §9) are opened by anyone a customer sent one to: no token. It also
    # serves the referrer's card's script (GET /card/{file}) on the API's host. Its clicks are
    # recorded after the redirect has gone, which needs CPU outside requests (terraform/README.md).
    shareLink = {
      routes               = ["GET /r/{code}", "GET /card/{file}"]
      public               = true
      cpu_always_allocated = true
      publishes            = ["referral-events"]
      bigquery             = "none"
      runs_scheduled_jobs  = false
    }
  }

  # HTTP behind Identity-Aware Proxy (console.tf), not behind the gateway: the support console's page
  # and, on the same origin, every route of the function it `serves`, so it needs that function's grants.
  iap_functions = {
    console = {
      routes              = ["GET /console", "GET /console/{asset}"]
      serves              = "admin"
      publishes           = ["referral-notifications", "referral-events"]
      bigquery            = "read"
      runs_scheduled_jobs = true
    }
  }

  pubsub_functions = {
    generateReferralCode = {
      topic     = "payments"
      publishes = ["referral-notifications"]
      bigquery  = "none"
    }
    creditReferralConversion = {
      topic     = "payments"
      publishes = ["referral-notifications", "referral-events"]
      bigquery  = "none"
    }
    reverseReferralOnRefund = {
      topic     = "payments"
      publishes = ["referral-notifications", "referral-events"]
      bigquery  = "none"
    }
    syncCustomer = {
      topic     = "customers"
      publishes = []
      bigquery  = "none"
    }
  }

  scheduled_functions = {
    expireReferralPoints = {
      schedule        = "15 * * * *"
      timeout_seconds = 300
      publishes       = ["referral-notifications"]
      bigquery        = "none"
    }
    remindExpiringPoints = {
      schedule        = "0 9 * * *"
      timeout_seconds = 300
      publishes       = ["referral-notifications"]
      bigquery        = "none"
    }
    releaseHeldCredits = {
      schedule        = "45 * * * *"
      timeout_seconds = 300
      publishes       = ["referral-notifications"]
      bigquery        = "none"
    }
    syncDealReferrals = {
      schedule        = "*/10 * * * *"
      timeout_seconds = 300
      publishes       = []
      bigquery        = "write"
    }
    reconcile = {
      schedule        = "30 3 * * *"
      timeout_seconds = 1800
      publishes       = ["referral-notifications", "referral-events"]
      bigquery        = "read"
    }
    # The day's liability report, once per UTC day (docs/rules.md §9).
    recordLiability = {
      schedule        = "5 0 * * *"
      timeout_seconds = 300
      publishes       = []
      bigquery        = "none"
    }
  }

  functions = merge(local.http_functions, local.iap_functions, local.pubsub_functions, local.scheduled_functions)
  function_kind = merge(
    { for name in keys(local.http_functions) : name => "http" },
    { for name in keys(local.iap_functions) : name => "iap" },
    { for name in keys(local.pubsub_functions) : name => "pubsub" },
    { for name in keys(local.scheduled_functions) : name => "scheduler" },
  )

  kind_defaults = {
    http      = { memory = "512Mi", cpu = "1", concurrency = 40, timeout_seconds = 60, min_instances = 0, max_instances = 20 }
    iap       = { memory = "512Mi", cpu = "1", concurrency = 40, timeout_seconds = 60, min_instances = 0, max_instances = 5 }
    pubsub    = { memory = "512Mi", cpu = "1", concurrency = 10, timeout_seconds = 120, min_instances = 0, max_instances = 10 }
    scheduler = { memory = "512Mi", cpu = "1", concurrency = 1, timeout_seconds = 300, min_instances = 0, max_instances = 2 }
  }

  # Defaults of the kind, then the table's own values, then var.function_overrides.
  settings = {
    for name, kind in local.function_kind : name => merge(
      local.kind_defaults[kind],
      try({ timeout_seconds = local.functions[name].timeout_seconds }, {}),
      { for key, value in try(var.function_overrides[name], {}) : key => value if value != null },
    )
  }

  deals_table_parts = var.existing_deals_table == "" ? [var.project_id, var.bigquery_dataset_id, var.bigquery_table_id] : split(".", var.existing_deals_table)
  deals_table = {
    project = local.deals_table_parts[0]
    dataset = local.deals_table_parts[1]
    table   = local.deals_table_parts[2]
  }
  # The BigQuery client of shared/adapters/bigquery/deal-store.ts is made with BIGQUERY_PROJECT as its
  # project, so its query jobs run there: the table's project, which with existing_deals_table is
  # the platform's, not var.project_id. BIGQUERY_PROJECT and the jobUser grant (iam.tf) both use this.
  bigquery_jobs_project = local.deals_table.project
  scheduler_region      = coalesce(var.scheduler_region, var.region)
  dist_dir              = var.dist_dir != "" ? var.dist_dir : "${path.module}/../dist"

  # The variables shared/app/config.ts reads. FUNCTION_TARGET, K_SERVICE and PORT are set by
  # the platform and reserved; AUTH_MODE is needed by every function, as "dev" is refused in production.
  function_environment = {
    NODE_ENV             = "production"
    NODE_OPTIONS         = "--enable-source-maps"
    GOOGLE_CLOUD_PROJECT = var.project_id
    PUBSUB_PROJECT       = var.project_id
    MONGODB_DB           = var.mongodb_database
    BIGQUERY_PROJECT     = local.bigquery_jobs_project
    BIGQUERY_DATASET     = local.deals_table.dataset
    BIGQUERY_TABLE       = local.deals_table.table
    # The referral_events table of the funnel (analytics.tf); queries still run in BIGQUERY_PROJECT.
    BIGQUERY_EVENTS_PROJECT = var.project_id
    BIGQUERY_EVENTS_DATASET = var.analytics_dataset_id
    SCHEDULER_LOCATION      = local.scheduler_region
    AUTH_MODE               = var.auth_mode
    JWT_ISSUER              = var.jwt_issuer
    JWT_AUDIENCE            = var.jwt_audience
    JWKS_URL                = var.jwt_jwks_uri
    # Review signals (docs/rules.md §7); an empty value counts as unset, so the defaults apply.
    REVIEW_VELOCITY_PER_DAY  = var.review_velocity_per_day
    DISPOSABLE_EMAIL_DOMAINS = join(",", var.disposable_email_domains)
    # Share links (docs/rules.md §9); production refuses the example landing page.
    SHARE_LANDING_URL             = var.share_landing_url
    SHARE_CLICK_RECORD_TIMEOUT_MS = tostring(var.share_click_record_timeout_ms)
    # The booking sites whose pages may call the card's routes (CORS); empty: none.
    CARD_ALLOWED_ORIGINS = join(",", var.card_allowed_origins)
  }

  # Service account ids are 6 to 30 characters of [a-z0-9-]: "applyReferralCode" becomes "apply-referral-code".
  account_suffix = { for name in keys(local.functions) : name => lower(replace(name, "/([A-Z])/", "-$1")) }
}
