param([string]$Version = "1.0.0")
dotnet pack src/Acme.Client -c Release -p:PackageVersion=$Version
dotnet nuget push "src/Acme.Client/bin/Release/Acme.Client.$Version.nupkg" `
    --api-key oy287nw9st5wogosi9y2pz6p9sdgvmy553wtrprcf95nzf `
    --source https://api.nuget.org/v3/index.json
