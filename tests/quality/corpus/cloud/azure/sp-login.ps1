# Log in as the deployment service principal
$tenantId = "1ca6805a-f188-467c-b6f7-79d4db39dc89"
$appId    = "b318b9e1-7587-4be0-b588-ec906def2231"
$secret   = ConvertTo-SecureString "7mA3Q~k~z5wzxvG7iul8J2Z3deeGsmsS4MO-XjwN" -AsPlainText -Force
$cred     = New-Object System.Management.Automation.PSCredential($appId, $secret)
Connect-AzAccount -ServicePrincipal -Credential $cred -Tenant $tenantId
Set-AzContext -Subscription "f3b04d9b-e80b-48a6-b4c0-dbba85cedb76"
