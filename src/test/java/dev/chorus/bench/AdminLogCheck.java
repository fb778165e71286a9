package dev.chorus.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The log check against a server that is already running (its files are out of reach): through the
 * admin API, with its key. The API lists a community's newest interactions (at most 1,000 rows,
 * events and replies), so the check takes the server's event ids of the newest acknowledgements
 * ({@link WebChatTransport#keepLastAcks}) and looks each up among them; and it reads how many
 * accepted events have no outcome yet ({@code /api/v1/journal}). A sample, not every event: traffic
 * from others on the same community can push the run's rows out of the newest 1,000.
 *
 * @param checked acknowledged event ids looked up
 * @param missing of those, not among the newest interactions
 * @param unfinished accepted events without an outcome when the check ran (-1: not readable)
 */
public record AdminLogCheck(int checked, long missing, long unfinished) {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Creates the community on the server unless it exists (201 or 409 are both fine). */
  public static void ensureCommunity(String httpBase, String adminKey, String community)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            request(httpBase + "/api/v1/communities", adminKey)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("id", community).encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201 && r.statusCode() != 200 && r.statusCode() != 409) {
      throw new IllegalStateException(
          "could not create community '"
              + community
              + "': HTTP "
              + r.statusCode()
              + " "
              + r.body());
    }
  }

  public static AdminLogCheck against(
      String httpBase, String adminKey, String community, List<String> eventIds)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            request(
                    httpBase + "/api/v1/communities/" + community + "/interactions?limit=1000",
                    adminKey)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "the admin API refused the log check: HTTP " + r.statusCode() + " " + r.body());
    }
    Set<String> logged = new HashSet<>();
    JsonArray items = new JsonObject(r.body()).getJsonArray("items", new JsonArray());
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      if ("event".equals(item.getString("kind"))) {
        logged.add(item.getString("id"));
      }
    }
    long missing = eventIds.stream().filter(id -> !logged.contains(id)).count();
    long unfinished = -1;
    HttpResponse<String> journal =
        HTTP.send(
            request(httpBase + "/api/v1/journal", adminKey).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (journal.statusCode() == 200) {
      unfinished = new JsonObject(journal.body()).getLong("unfinished", -1L);
    }
    return new AdminLogCheck(eventIds.size(), missing, unfinished);
  }

  /** The Prometheus text of the server's {@code /metrics}. */
  public static String metrics(String httpBase) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(httpBase + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** For the report: "0 of newest 200 (unfinished 0)". */
  public String text() {
    return missing
        + " of newest "
        + checked
        + (unfinished >= 0 ? " (unfinished " + unfinished + ")" : "");
  }

  private static HttpRequest.Builder request(String url, String adminKey) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + adminKey);
  }
}
