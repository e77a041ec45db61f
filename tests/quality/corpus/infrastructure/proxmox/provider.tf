provider "proxmox" {
  pm_api_url          = "https://pve01.lab.acme.dev:8006/api2/json"
  pm_api_token_id     = "terraform@pve!provider"
  pm_api_token_secret = "e1fb270c-b182-474d-87bf-cc74a5b587e9"
  pm_tls_insecure     = true
}
