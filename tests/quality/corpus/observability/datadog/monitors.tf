provider "datadog" {
  api_key = "98a6a943a8304a33ef7987fc063cfc4b"
  app_key = "d212177f6217be3f817d512b49f563b5ff781b9d"
  api_url = "https://api.datadoghq.eu/"
}

resource "datadog_monitor" "p95" {
  name    = "API p95 latency"
  type    = "metric alert"
  query   = "avg(last_5m):p95:trace.http.request{service:api} > 0.5"
  message = "@pagerduty-payments"
}
