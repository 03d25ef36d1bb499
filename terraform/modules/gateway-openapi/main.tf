# Adds API Gateway's extensions to the generated OpenAPI document: every operation goes to the
# function whose catalog routes list it (the request path appended to the function's URL) and
# requires the platform's JWT, except var.public_routes (share links, the card's script, the card's CORS
# preflights), which get security: []. No provider and no resource, so it is tested offline (tests/).
#
# Backend authentication stays on (jwtAudience, never disableAuth): the functions are private
# Cloud Run services that only the gateway's service account may invoke, so the gateway must call
# them with its Google ID token for the service URL. The gateway then puts that ID token in
# Authorization and moves the caller's original header to X-Forwarded-Authorization, which is
# where AUTH_MODE=jwt reads the caller's token (shared/http/authenticate.ts); AUTH_MODE=gateway
# reads the claims in X-Apigateway-Api-Userinfo. disableAuth would keep the caller's Authorization
# but send no ID token, so Cloud Run IAM would refuse every call unless the functions were public.
locals {
  source  = try(jsondecode(var.document), null)
  is_v3   = can(regex("^3\\.", local.source.openapi))
  is_v2   = try(local.source.swagger, "") == "2.0"
  methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
  scheme  = "platform_jwt"

  function_of_route = merge([for name, routes in var.routes : { for route in routes : route => name }]...)

  operations = try(flatten([
    for path, item in local.source.paths : [
      for method, operation in item : "${upper(method)} ${path}" if contains(local.methods, method)
    ]
  ]), [])
  unrouted_operations  = [for op in local.operations : op if !contains(keys(local.function_of_route), op)]
  undocumented_routes  = [for route in keys(local.function_of_route) : route if !contains(local.operations, route)]
  functions_no_backend = [for name in keys(var.routes) : name if !contains(keys(var.backends), name)]

  security = [{ (local.scheme) = [] }]

  # Operations the document marks public (security: []), which must be exactly var.public_routes.
  documented_public = try(flatten([
    for path, item in local.source.paths : [
      for method, operation in item : "${upper(method)} ${path}"
      if contains(local.methods, method) && try(length(operation.security) == 0, false)
    ]
  ]), [])
  public_mismatch = concat(tolist(setsubtract(local.documented_public, var.public_routes)), tolist(setsubtract(var.public_routes, local.documented_public)))
  security_of     = { for op in local.operations : op => contains(var.public_routes, op) ? [] : local.security }

  # Path items also hold "parameters", "summary" and the like: those fail the merge and stay as they are.
  v3_paths = try({
    for path, item in local.source.paths : path => {
      for key, value in item : key => try(merge(value, {
        "x-google-backend" = local.function_of_route["${upper(key)} ${path}"]
        security           = local.security_of["${upper(key)} ${path}"]
      }), value)
    }
  }, {})

  v3_document = try(merge(local.source, {
    "x-google-api-management" = merge(try(local.source["x-google-api-management"], {}), {
      # jwtAudience: the audience of the gateway's ID token, the Cloud Run service URL Cloud Run checks.
      backends = {
        for name, address in var.backends : name => {
          address         = address
          jwtAudience     = address
          pathTranslation = "APPEND_PATH_TO_ADDRESS"
          deadline        = lookup(var.deadlines, name, 60)
        }
      }
    })
    paths    = local.v3_paths
    security = local.security
    components = merge(try(local.source.components, {}), {
      securitySchemes = {
        (local.scheme) = {
          type  = "oauth2"
          flows = { implicit = { authorizationUrl = "", scopes = {} } }
          "x-google-auth" = {
            issuer    = var.jwt.issuer
            jwksUri   = var.jwt.jwks_uri
            audiences = [var.jwt.audience]
          }
        }
      }
    })
  }), null)

  v2_paths = try({
    for path, item in local.source.paths : path => {
      for key, value in item : key => try(merge(value, {
        "x-google-backend" = {
          address          = var.backends[local.function_of_route["${upper(key)} ${path}"]]
          jwt_audience     = var.backends[local.function_of_route["${upper(key)} ${path}"]]
          path_translation = "APPEND_PATH_TO_ADDRESS"
          deadline         = lookup(var.deadlines, local.function_of_route["${upper(key)} ${path}"], 60)
        }
        security = local.security_of["${upper(key)} ${path}"]
      }), value)
    }
  }, {})

  v2_document = try(merge(local.source, {
    paths    = local.v2_paths
    security = local.security
    securityDefinitions = {
      (local.scheme) = {
        authorizationUrl     = ""
        flow                 = "implicit"
        type                 = "oauth2"
        "x-google-issuer"    = var.jwt.issuer
        "x-google-jwks_uri"  = var.jwt.jwks_uri
        "x-google-audiences" = var.jwt.audience
      }
    }
  }), null)
}
