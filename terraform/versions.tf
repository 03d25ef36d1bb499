terraform {
  required_version = ">= 1.9.0"

  # State lives in a GCS bucket given at init: terraform init -backend-config="bucket=<state bucket>"
  backend "gcs" {
    prefix = "referral-system"
  }

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.14, < 8.0"
    }
    google-beta = {
      source  = "hashicorp/google-beta"
      version = ">= 6.14, < 8.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.7"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

# API Gateway resources exist only in the beta provider.
provider "google-beta" {
  project = var.project_id
  region  = var.region
}
