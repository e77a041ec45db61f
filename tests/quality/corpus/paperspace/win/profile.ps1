# PowerShell profile on the Windows workstation
Set-Alias ll Get-ChildItem
$env:PAPERSPACE_API_KEY = "3d64fce95e2897821edab61da2d42a"
$env:PAPERSPACE_API_URL = "https://api.paperspace.com/v1"
