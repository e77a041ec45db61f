provider "github" {
  owner = "acme"
  token = "ghu_QZFvWmYAN5iSNnoi8N8RZy7G7Cp8or1mQJBc"
}

resource "github_repository" "svc" {
  name       = "svc-payments"
  visibility = "private"
}
