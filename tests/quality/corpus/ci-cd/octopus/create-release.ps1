$OctopusUrl = "https://deploy.acme.dev"
$ApiKey = "API-LZVNRX3FHERKVSFXSHNJN9JQGVB8DI"
$Headers = @{ "X-Octopus-ApiKey" = $ApiKey }
$Body = @{ ProjectId = "Projects-42"; Version = $env:BUILD_NUMBER } | ConvertTo-Json
Invoke-RestMethod -Method Post -Uri "$OctopusUrl/api/Spaces-1/releases" -Headers $Headers -Body $Body
