package dev.shipproof.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.demo.Demo;
import dev.shipproof.testing.GitFixture;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What an operations team scrapes and collects from the running operator: Prometheus metrics after
 * a promotion, the readiness endpoint, and JSON log lines carrying the promotion's fields.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ObservabilityTest.JsonLogs.class)
class ObservabilityTest {
  static final String DIGEST =
      "sha256:fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362";
  static final Path LOG = Path.of("target/observability-test.log.json");

  /** JSON logs switched on the way the docs say, plus a JSON log file the test can read. */
  public static class JsonLogs implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "QUARKUS_LOG_CONSOLE_JSON", "true",
          "quarkus.log.file.enabled", "true",
          "quarkus.log.file.path", LOG.toString(),
          "quarkus.log.file.json.enabled", "true");
    }
  }

  @Inject KubernetesClient client;
  @Inject Operator operator;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @TestHTTPResource("/q/health/ready")
  URL ready;

  @Test
  void promotionShowsUpInMetricsReadinessAndJsonLogs() throws Exception {
    operator.start();
    Path tmp = Files.createTempDirectory("shipproof-observability-");
    GitFixture git =
        GitFixture.kustomizeOverlay(tmp.resolve("deploy.git"), List.of("localhost:5000/acme/api"));
    client.resource(environment(git.url())).create();
    client.resource(promotion()).create();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              Promotion p =
                  client.resources(Promotion.class).inNamespace("ops").withName("rel").get();
              assertThat(p.getStatus()).isNotNull();
              assertThat(p.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
            });

    String scraped = get(metrics).body();
    assertThat(scraped)
        .contains(
            "shipproof_promotions_total{environment=\"prod\",namespace=\"ops\","
                + "phase=\"Succeeded\",reason=\"Pushed\"} 1.0")
        .contains(
            "shipproof_step_duration_seconds_count{environment=\"prod\",namespace=\"ops\","
                + "step=\"gather\"} 1")
        .contains("step=\"verify\"")
        .contains("step=\"publish\"")
        .contains(
            "shipproof_queue_depth{environment=\"prod\",namespace=\"ops\",state=\"in_flight\"}"
                + " 0.0")
        .contains("shipproof_step_duration_seconds_bucket{")
        .contains("reconciliations_success_total{controller_name=\"promotion\"}");

    HttpResponse<String> readiness = get(ready);
    assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
    assertThat(readiness.body()).contains("Kubernetes API").contains("\"UP\"");

    assertThat(
            ConfigProvider.getConfig().getValue("quarkus.log.console.json.enabled", Boolean.class))
        .isTrue();
    JsonNode line = logLine("promotion succeeded");
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    JsonNode mdc = line.path("mdc");
    assertThat(mdc.path("promotion").asText()).isEqualTo("ops/rel");
    assertThat(mdc.path("environment").asText()).isEqualTo("prod");
    assertThat(mdc.path("image").asText()).isEqualTo("localhost:5000/acme/api");
    assertThat(mdc.path("digest").asText()).isEqualTo(DIGEST);
  }

  private static HttpResponse<String> get(URL url) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(
        HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode logLine(String messageStart) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> messages = new ArrayList<>();
    for (String raw : Files.readAllLines(LOG)) {
      JsonNode node = json.readTree(raw);
      String message = node.path("message").asText();
      messages.add(message);
      if (message.startsWith(messageStart)) {
        return node;
      }
    }
    throw new AssertionError("no JSON log line starting with " + messageStart + " in " + messages);
  }

  private static Environment environment(String url) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName("prod").withNamespace("ops").build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec gitSpec = new GitSpec();
    gitSpec.setUrl(url);
    spec.setGit(gitSpec);
    TargetSpec target = new TargetSpec();
    target.setPath(GitFixture.OVERLAY);
    target.setImage("localhost:5000/acme/api");
    spec.setTargets(List.of(target));
    spec.setPolicy(Demo.policy());
    env.setSpec(spec);
    return env;
  }

  private static Promotion promotion() {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName("rel").withNamespace("ops").build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("prod");
    spec.setImage("localhost:5000/acme/api@" + DIGEST);
    p.setSpec(spec);
    return p;
  }
}
