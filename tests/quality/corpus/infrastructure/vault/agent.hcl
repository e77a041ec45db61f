auto_auth {
  method "kubernetes" {
    config = {
      role = "api"
    }
  }
  sink "file" {
    config = {
      path = "/home/vault/.vault-token"
    }
  }
}

template {
  source      = "/etc/vault/templates/db.ctmpl"
  destination = "/etc/app/db.env"
}
