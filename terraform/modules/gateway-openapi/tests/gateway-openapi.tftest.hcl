# Offline: `terraform init && terraform test` in modules/gateway-openapi (no provider needed).
variables {
  document_path = "openapi.json"
  routes = {
    referralCode = ["GET /v1/referral-code"]
    applyReferralCode = [
      "POST /v1/referral-code/apply",
      "DELETE /v1/deals/{deal_id}/referral",
    ]
  }
  backends = {
    referralCode      = "https://referralcode-abc-el.a.run.app"
    applyReferralCode = "https://applyreferralcode-abc-el.a.run.app"
  }
  deadlines = { referralCode = 60, applyReferralCode = 30 }
  jwt = {
    issuer   = "https://issuer.example"
    jwks_uri = "https://issuer.example/.well-known/jwks.json"
    audience = "referrals"
  }
  document = <<-JSON
    {
      "openapi": "3.0.3",
      "info": { "title": "Referrals", "version": "1" },
      "components": { "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } } },
      "paths": {
        "/v1/referral-code": {
          "get": { "operationId": "getReferralCode", "security": [{ "bearer": [] }], "responses": { "200": { "description": "ok" } } }
        },
        "/v1/referral-code/apply": {
          "post": { "operationId": "applyReferralCode", "responses": { "201": { "description": "ok" } } }
        },
        "/v1/deals/{deal_id}/referral": {
          "parameters": [{ "name": "deal_id", "in": "path", "required": true, "schema": { "type": "string" } }],
          "delete": { "operationId": "releaseReferralCode", "responses": { "200": { "description": "ok" } } }
        }
      }
    }
  JSON
}

run "openapi_3_operations_go_to_their_function_with_the_jwt_required" {
  command = plan

  assert {
    condition     = jsondecode(output.document).paths["/v1/referral-code"].get["x-google-backend"] == "referralCode"
    error_message = "GET /v1/referral-code should go to referralCode"
  }
  assert {
    condition     = jsondecode(output.document).paths["/v1/deals/{deal_id}/referral"].delete["x-google-backend"] == "applyReferralCode"
    error_message = "DELETE /v1/deals/{deal_id}/referral should go to applyReferralCode"
  }
  assert {
    condition     = length(jsondecode(output.document).paths["/v1/deals/{deal_id}/referral"].parameters) == 1
    error_message = "path-level parameters must stay as they are"
  }
  assert {
    condition     = jsondecode(output.document)["x-google-api-management"].backends.applyReferralCode.address == "https://applyreferralcode-abc-el.a.run.app"
    error_message = "backend address should be the function URL"
  }
  assert {
    condition     = jsondecode(output.document)["x-google-api-management"].backends.applyReferralCode.pathTranslation == "APPEND_PATH_TO_ADDRESS"
    error_message = "the request path should be appended to the function URL"
  }
  assert {
    condition     = jsondecode(output.document)["x-google-api-management"].backends.applyReferralCode.deadline == 30
    error_message = "the backend deadline should be the function's timeout"
  }
  assert {
    condition     = jsondecode(output.document).paths["/v1/referral-code"].get.security == [{ platform_jwt = [] }]
    error_message = "an operation's own security must be replaced by the platform JWT"
  }
  assert {
    condition     = keys(jsondecode(output.document).components.securitySchemes) == ["platform_jwt"]
    error_message = "only the platform JWT scheme should remain"
  }
  assert {
    condition     = jsondecode(output.document).components.securitySchemes.platform_jwt["x-google-auth"].jwksUri == "https://issuer.example/.well-known/jwks.json"
    error_message = "the JWKS URL should be configured"
  }
}

# The functions are private: the gateway must call each with its Google ID token for the service
# URL (jwtAudience), and must not drop it (disableAuth), which would leave every call refused by Cloud
# Run IAM. The caller's token reaches the function in X-Forwarded-Authorization (AUTH_MODE=jwt).
run "openapi_3_every_backend_gets_an_id_token_for_its_service_url" {
  command = plan

  assert {
    condition     = toset(keys(jsondecode(output.document)["x-google-api-management"].backends)) == toset(keys(var.backends))
    error_message = "every function should be a backend"
  }
  assert {
    condition     = alltrue([for name, backend in jsondecode(output.document)["x-google-api-management"].backends : backend.jwtAudience == var.backends[name]])
    error_message = "every backend should set jwtAudience to its Cloud Run service URL"
  }
  assert {
    condition     = alltrue([for backend in values(jsondecode(output.document)["x-google-api-management"].backends) : !contains(keys(backend), "disableAuth")])
    error_message = "no backend may set disableAuth: the functions accept only the gateway's ID token"
  }
  assert {
    condition = alltrue(flatten([
      for path, item in jsondecode(output.document).paths : [
        for method, operation in item : contains(keys(jsondecode(output.document)["x-google-api-management"].backends), operation["x-google-backend"])
        if contains(["get", "post", "delete"], method)
      ]
    ]))
    error_message = "every operation should name one of the backends"
  }
}

run "openapi_2_every_backend_gets_an_id_token_for_its_service_url" {
  command = plan

  variables {
    document = <<-JSON
      {
        "swagger": "2.0",
        "info": { "title": "Referrals", "version": "1" },
        "paths": {
          "/v1/referral-code": { "get": { "responses": { "200": { "description": "ok" } } } },
          "/v1/referral-code/apply": { "post": { "responses": { "201": { "description": "ok" } } } },
          "/v1/deals/{deal_id}/referral": { "delete": { "responses": { "200": { "description": "ok" } } } }
        }
      }
    JSON
  }

  assert {
    condition = alltrue(flatten([
      for path, item in jsondecode(output.document).paths : [
        for method, operation in item : operation["x-google-backend"].jwt_audience == operation["x-google-backend"].address
      ]
    ]))
    error_message = "every operation's backend should set jwt_audience to its Cloud Run service URL"
  }
  assert {
    condition     = jsondecode(output.document).paths["/v1/referral-code"].get["x-google-backend"].jwt_audience == "https://referralcode-abc-el.a.run.app"
    error_message = "GET /v1/referral-code should be called with an ID token for referralCode's URL"
  }
  assert {
    condition = alltrue(flatten([
      for path, item in jsondecode(output.document).paths : [
        for method, operation in item : !contains(keys(operation["x-google-backend"]), "disable_auth")
      ]
    ]))
    error_message = "no backend may set disable_auth: the functions accept only the gateway's ID token"
  }
}

run "openapi_2_operations_get_a_backend_each" {
  command = plan

  variables {
    document = <<-JSON
      {
        "swagger": "2.0",
        "info": { "title": "Referrals", "version": "1" },
        "paths": {
          "/v1/referral-code": { "get": { "responses": { "200": { "description": "ok" } } } },
          "/v1/referral-code/apply": { "post": { "responses": { "201": { "description": "ok" } } } },
          "/v1/deals/{deal_id}/referral": { "delete": { "responses": { "200": { "description": "ok" } } } }
        }
      }
    JSON
  }

  assert {
    condition     = jsondecode(output.document).paths["/v1/referral-code/apply"].post["x-google-backend"].address == "https://applyreferralcode-abc-el.a.run.app"
    error_message = "POST /v1/referral-code/apply should go to applyReferralCode"
  }
  assert {
    condition     = jsondecode(output.document).securityDefinitions.platform_jwt["x-google-issuer"] == "https://issuer.example"
    error_message = "the issuer should be configured"
  }
}

run "an_operation_no_function_serves_is_refused" {
  command = plan

  variables {
    routes = {
      referralCode      = ["GET /v1/referral-code"]
      applyReferralCode = ["POST /v1/referral-code/apply"]
    }
  }

  expect_failures = [output.document]
}

run "a_route_missing_from_the_document_is_refused" {
  command = plan

  variables {
    routes = {
      referralCode = ["GET /v1/referral-code", "GET /v1/points"]
      applyReferralCode = [
        "POST /v1/referral-code/apply",
        "DELETE /v1/deals/{deal_id}/referral",
      ]
    }
  }

  expect_failures = [output.document]
}

run "a_missing_document_is_refused" {
  command = plan

  variables {
    document = null
  }

  expect_failures = [output.document]
}

# A share link is opened by anyone: its operation gets security: [] and keeps its backend.
run "a_public_route_is_routed_without_the_jwt" {
  command = plan

  variables {
    routes = {
      referralCode      = ["GET /v1/referral-code"]
      applyReferralCode = ["POST /v1/referral-code/apply", "DELETE /v1/deals/{deal_id}/referral"]
      shareLink         = ["GET /r/{code}"]
    }
    backends = {
      referralCode      = "https://referralcode-abc-el.a.run.app"
      applyReferralCode = "https://applyreferralcode-abc-el.a.run.app"
      shareLink         = "https://sharelink-abc-el.a.run.app"
    }
    public_routes = ["GET /r/{code}"]
    document      = <<-JSON
      {
        "openapi": "3.0.3",
        "info": { "title": "Referrals", "version": "1" },
        "paths": {
          "/v1/referral-code": { "get": { "responses": { "200": { "description": "ok" } } } },
          "/v1/referral-code/apply": { "post": { "responses": { "201": { "description": "ok" } } } },
          "/v1/deals/{deal_id}/referral": { "delete": { "responses": { "200": { "description": "ok" } } } },
          "/r/{code}": { "get": { "security": [], "responses": { "302": { "description": "found" } } } }
        }
      }
    JSON
  }

  assert {
    condition     = jsondecode(output.document).paths["/r/{code}"].get.security == []
    error_message = "GET /r/{code} should ask for no JWT"
  }
  assert {
    condition     = jsondecode(output.document).paths["/r/{code}"].get["x-google-backend"] == "shareLink"
    error_message = "GET /r/{code} should go to shareLink"
  }
  assert {
    condition     = jsondecode(output.document).paths["/v1/referral-code"].get.security == [{ platform_jwt = [] }]
    error_message = "the other routes still need the platform JWT"
  }
}

run "a_public_route_the_document_does_not_mark_public_is_refused" {
  command = plan

  variables {
    public_routes = ["GET /v1/referral-code"]
  }

  expect_failures = [output.document]
}

run "an_operation_marked_public_that_is_not_a_public_route_is_refused" {
  command = plan

  variables {
    document = <<-JSON
      {
        "openapi": "3.0.3",
        "info": { "title": "Referrals", "version": "1" },
        "paths": {
          "/v1/referral-code": { "get": { "security": [], "responses": { "200": { "description": "ok" } } } },
          "/v1/referral-code/apply": { "post": { "responses": { "201": { "description": "ok" } } } },
          "/v1/deals/{deal_id}/referral": { "delete": { "responses": { "200": { "description": "ok" } } } }
        }
      }
    JSON
  }

  expect_failures = [output.document]
}

# The referrer's card calls GET /v1/referral-code from another origin: the browser's CORS preflight
# (OPTIONS, no token) must reach the function, which answers it, while the GET keeps the JWT.
run "a_cors_preflight_goes_to_its_function_without_the_jwt" {
  command = plan

  variables {
    routes = {
      referralCode = ["GET /v1/referral-code", "OPTIONS /v1/referral-code"]
      applyReferralCode = [
        "POST /v1/referral-code/apply",
        "DELETE /v1/deals/{deal_id}/referral",
      ]
    }
    public_routes = ["OPTIONS /v1/referral-code"]
    document      = <<-JSON
      {
        "openapi": "3.0.3",
        "info": { "title": "Referrals", "version": "1" },
        "paths": {
          "/v1/referral-code": {
            "get": { "responses": { "200": { "description": "ok" } } },
            "options": { "security": [], "responses": { "204": { "description": "preflight" } } }
          },
          "/v1/referral-code/apply": { "post": { "responses": { "201": { "description": "ok" } } } },
          "/v1/deals/{deal_id}/referral": { "delete": { "responses": { "200": { "description": "ok" } } } }
        }
      }
    JSON
  }

  assert {
    condition     = jsondecode(output.document).paths["/v1/referral-code"].options["x-google-backend"] == "referralCode"
    error_message = "OPTIONS /v1/referral-code should go to referralCode"
  }
  assert {
    condition     = jsondecode(output.document).paths["/v1/referral-code"].options.security == []
    error_message = "the preflight should ask for no JWT"
  }
  assert {
    condition     = jsondecode(output.document).paths["/v1/referral-code"].get.security == [{ platform_jwt = [] }]
    error_message = "GET /v1/referral-code still needs the platform JWT"
  }
}

run "a_preflight_the_gateway_would_ask_a_jwt_of_is_refused" {
  command = plan

  variables {
    routes = {
      referralCode = ["GET /v1/referral-code", "OPTIONS /v1/referral-code"]
      applyReferralCode = [
        "POST /v1/referral-code/apply",
        "DELETE /v1/deals/{deal_id}/referral",
      ]
    }
    public_routes = []
    document      = <<-JSON
      {
        "openapi": "3.0.3",
        "info": { "title": "Referrals", "version": "1" },
        "paths": {
          "/v1/referral-code": {
            "get": { "responses": { "200": { "description": "ok" } } },
            "options": { "security": [], "responses": { "204": { "description": "preflight" } } }
          },
          "/v1/referral-code/apply": { "post": { "responses": { "201": { "description": "ok" } } } },
          "/v1/deals/{deal_id}/referral": { "delete": { "responses": { "200": { "description": "ok" } } } }
        }
      }
    JSON
  }

  expect_failures = [output.document]
}
