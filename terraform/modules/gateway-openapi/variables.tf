variable "document" {
  description = "The OpenAPI document (JSON text, version 3.x or 2.0) as generated from the code; null when the file is missing."
  type        = string
  nullable    = true
}

variable "document_path" {
  description = "Where the document was read from, for error messages."
  type        = string
}

variable "routes" {
  description = "Routes each function serves, as \"METHOD /path\" with {param} placeholders (the catalog's routes)."
  type        = map(list(string))
}

variable "backends" {
  description = "Base URL of each function; the gateway appends the request path to it."
  type        = map(string)
}

variable "deadlines" {
  description = "Seconds the gateway waits for each function."
  type        = map(number)
}

variable "jwt" {
  description = "The JWT the gateway requires on every operation."
  type = object({
    issuer   = string
    jwks_uri = string
    audience = string
  })
}

variable "public_routes" {
  description = "Routes routed without the JWT (\"METHOD /path\"), e.g. share links; the document must mark exactly these with security: []."
  type        = list(string)
  default     = []
}
