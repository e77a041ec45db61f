Import-Module posh-git
Set-PSReadLineOption -EditMode Emacs
$env:SERVICE_ACCOUNT = "svc-reports"
$env:SERVICE_PASSWORD = "0PAnVIuWkLhqvJabKg"
function prompt { "PS $(Get-Location)> " }
