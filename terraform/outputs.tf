output "gateway_url" {
  description = "Base URL of the public API (null without the gateway)."
  value       = var.enable_api_gateway ? "https://${google_api_gateway_gateway.gateway[0].default_hostname}" : null
}

output "card_script_url" {
  description = "The referrer's card's script for a booking site's script tag (null without the gateway); its page's origin must be in card_allowed_origins."
  value       = var.enable_api_gateway ? "https://${google_api_gateway_gateway.gateway[0].default_hostname}/card/referral-card.js" : null
}

output "function_uris" {
  description = "URL of each function (callable only by its gateway, IAP, trigger or scheduler account; the console's only through its load balancer)."
  value = merge(
    { for name, fn in google_cloudfunctions2_function.http : name => fn.service_config[0].uri },
    { for name, fn in google_cloudfunctions2_function.iap : name => fn.service_config[0].uri },
    { for name, fn in google_cloudfunctions2_function.pubsub : name => fn.service_config[0].uri },
    { for name, fn in google_cloudfunctions2_function.scheduled : name => fn.service_config[0].uri },
  )
}

output "console_url" {
  description = "The support console, behind Identity-Aware Proxy."
  value       = "https://${var.console_domain}/console/"
}

output "console_ip_address" {
  description = "The console load balancer's address: create the DNS record \"<console_domain> A <this>\" for the certificate to be issued."
  value       = google_compute_global_address.console.address
}

output "topics" {
  description = "Pub/Sub topics the system consumes and publishes to."
  value       = { for name, topic in google_pubsub_topic.topic : name => topic.id }
}

output "dead_letter_subscriptions" {
  description = "Where each Pub/Sub function's undeliverable messages wait, by function."
  value       = { for name, sub in google_pubsub_subscription.dead_letter : name => sub.id }
}

output "deals_table" {
  description = "The BigQuery deals table the functions use."
  value       = "${local.deals_table.project}.${local.deals_table.dataset}.${local.deals_table.table}"
}

output "pii_hash_secret" {
  description = "Secret Manager secret to put the personal-data hash key (PII_HASH_SECRET) in."
  value       = google_secret_manager_secret.pii_hash_secret.id
}

output "mongodb_uri_secret" {
  description = "Secret Manager secret to put the MongoDB connection string in."
  value       = google_secret_manager_secret.mongodb_uri.id
}
