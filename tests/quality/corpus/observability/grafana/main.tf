provider "grafana" {
  url  = "https://acme.grafana.net/"
  auth = "glsa_12JlM2XrAIYF1g99oCu0gc2O8FxoNL4I_dd2affb4"
}

resource "grafana_folder" "platform" {
  title = "Platform"
}
