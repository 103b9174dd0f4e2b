package dev.engagement.pipeline.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a run's alert (JSON) to a webhook, as the design's Web Activity does for Teams, Slack or
 * a Logic App. Bounded: 5 s to connect, 10 s per request, 3 attempts. A failed alert is logged
 * and never changes or hides the run's own status.
 */
public final class Alerts {
  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
  static final int ATTEMPTS = 3;

  private Alerts() {}

  /** Returns whether the webhook accepted the alert (a 2xx answer). */
  public static boolean post(URI webhook, String json) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(webhook)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          LOG.info("Alert sent to {} (HTTP {})", safe(webhook), status);
          return true;
        }
        LOG.warn("Alert to {} answered HTTP {} (attempt {} of {})", safe(webhook), status, attempt, ATTEMPTS);
      } catch (java.io.IOException e) {
        LOG.warn("Alert to {} failed: {} (attempt {} of {})", safe(webhook), e.toString(), attempt, ATTEMPTS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      sleep(attempt * 500L);
    }
    LOG.error("Alert to {} not delivered after {} attempts", safe(webhook), ATTEMPTS);
    return false;
  }

  /** The webhook without its query string, which often carries a signature or key. */
  static String safe(URI webhook) {
    return webhook.getScheme() + "://" + webhook.getAuthority() + webhook.getPath();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
