provider "auth0" {
  domain        = "acme.eu.auth0.com"
  client_id     = "6fUkoxehRPMpxqGY905mqLwnYWejU63T"
  client_secret = "Y8C3gg2GVJVbzLhBsZmfKtVt1hNxGQ-VY0uWbOdHIXtKqo6y-SGa-esgwJ9lhyPo"
}

resource "auth0_client" "spa" {
  name     = "Storefront"
  app_type = "spa"
  callbacks = ["https://shop.acme.dev/callback"]
}
