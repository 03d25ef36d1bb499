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
