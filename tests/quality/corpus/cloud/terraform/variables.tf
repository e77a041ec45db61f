variable "aws_access_key" {
  type      = string
  sensitive = true
  default   = ""
}

variable "do_token" {
  description = "DigitalOcean token, e.g. dop_v1_<64 hex characters>"
  type        = string
}

locals {
  account_id  = "310192770657"
  bucket_hash = "7c6c04e22f0b4a4e21765cec645426fb"
  ami         = "ami-4db927e57bed49f5a"
  vpc         = "vpc-8c5e9b1fa675df16d"
}
