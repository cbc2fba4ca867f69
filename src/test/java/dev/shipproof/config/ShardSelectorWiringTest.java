package dev.shipproof.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.reconciler.PromotionReconciler;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A shard's label selector, set the way the docs tell (configuration.md, "Sharding"), reaches the
 * operator SDK's informer: the running operator acts on the Promotion carrying its label and never
 * on one without it.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ShardSelectorWiringTest.ShardA.class)
class ShardSelectorWiringTest {
  static final String SELECTOR = "shipproof.dev/shard=a";

  /** One shard of several. */
  public static class ShardA implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.operator-sdk.controllers.promotion.selector", SELECTOR);
    }
  }

  @Inject KubernetesClient client;
  @Inject Operator operator;

  @Test
  void promotionControllerRunsOnlyPromotionsOfItsShard() {
    var config =
        operator.getRegisteredController(PromotionReconciler.NAME).orElseThrow().getConfiguration();
    assertThat(config.getInformerConfig().getLabelSelector()).isEqualTo(SELECTOR);
    assertThat(operator.getConfigurationService().concurrentReconciliationThreads()).isEqualTo(100);

    operator.start();
    // Neither names an existing Environment: the one this shard runs turns Errored at once.
    client.resource(promotion("mine", "a")).create();
    client.resource(promotion("theirs", "b")).create();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(status("mine"))
                    .isNotNull()
                    .extracting(
                        s ->
                            s.getConditions().stream()
                                .filter(c -> c.getType().equals("Ready"))
                                .findFirst()
                                .orElseThrow()
                                .getReason())
                    .isEqualTo(Reasons.ENVIRONMENT_NOT_FOUND));
    assertThat(status("theirs")).as("never touched by shard a").isNull();
  }

  private dev.shipproof.api.v1alpha1.PromotionStatus status(String name) {
    return client.resources(Promotion.class).inNamespace("team").withName(name).get().getStatus();
  }

  private static Promotion promotion(String name, String shard) {
    Promotion p = new Promotion();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("team")
            .withLabels(Map.of("shipproof.dev/shard", shard))
            .build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("nowhere");
    spec.setImage("localhost:5000/acme/api@sha256:" + "1".repeat(64));
    p.setSpec(spec);
    return p;
  }
}
