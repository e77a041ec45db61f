resource "tls_private_key" "deploy" {
  algorithm = "ED25519"
}

resource "aws_key_pair" "deploy" {
  key_name   = "deploy"
  public_key = tls_private_key.deploy.public_key_openssh
}

output "deploy_private_key" {
  value     = tls_private_key.deploy.private_key_pem
  sensitive = true
}

locals {
  jump_host_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHNhRpZO8ucTMizn2Y2brT+W8OQNuVXYrDmLRSrWAcqy jump"
}
