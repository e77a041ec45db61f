import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest

val token = "eyJ0eXAiOiAiVENWMiJ9.a0rRPt-V3IS-Sl9PwGzOcgxXKzZI-5khXgUK.ER_zilpV4KCBvRtEPq31mdv20DDEzhuVVIsJjB9kf4m2dKZp"
val req = HttpRequest.newBuilder(URI("https://teamcity.acme.dev/app/rest/buildQueue"))
    .header("Authorization", "Bearer $token")
    .header("Content-Type", "application/xml")
    .POST(HttpRequest.BodyPublishers.ofString("<build><buildType id=\"Api_Release\"/></build>"))
    .build()
HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString())
