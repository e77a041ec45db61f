terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region     = "us-east-1"
  access_key = "AKIA5FSJPNEW7LPIZ4FW"
  secret_key = "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"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs-78e10f23"
}
