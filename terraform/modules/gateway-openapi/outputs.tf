output "document" {
  description = "The OpenAPI document API Gateway is configured with (JSON text)."
  value       = local.is_v3 ? jsonencode(local.v3_document) : jsonencode(local.v2_document)

  precondition {
    condition     = var.document != null
    error_message = "No OpenAPI document at ${var.document_path}: generate it before terraform apply, or set enable_api_gateway = false."
  }
  precondition {
    condition     = local.is_v3 || local.is_v2
    error_message = "${var.document_path} is not an OpenAPI 3.x or 2.0 JSON document."
  }
  precondition {
    condition     = length(local.unrouted_operations) == 0
    error_message = "${var.document_path} has operations that no function's routes list: ${join(", ", local.unrouted_operations)}."
  }
  precondition {
    condition     = length(local.undocumented_routes) == 0
    error_message = "Routes missing from ${var.document_path}: ${join(", ", local.undocumented_routes)}."
  }
  precondition {
    condition     = length(local.public_mismatch) == 0
    error_message = "Public routes (security: [] in ${var.document_path}) differ from public_routes: ${join(", ", local.public_mismatch)}."
  }
  precondition {
    condition     = length(local.functions_no_backend) == 0
    error_message = "Functions with routes but no backend URL: ${join(", ", local.functions_no_backend)}."
  }
}
