package dev.shipproof.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator as Quarkus wires it (CDI beans, configuration mapping, the operator SDK's informers)
 * against the mock API: a Promotion applied to the API ends Succeeded with a commit.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OperatorWiringTest {
  static final String IMAGE =
      "localhost:5000/acme/api@sha256:fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362";

  @Inject KubernetesClient client;

  // Started here the way `shipproof operator` starts it (start-operator is off for the CLI).
  @Inject Operator operator;

  @Test
  void appliedPromotionIsVerifiedAndPushedByTheRunningOperator() throws Exception {
    operator.start();
    Path tmp = Files.createTempDirectory("shipproof-wiring-");
    GitFixture git =
        GitFixture.kustomizeOverlay(tmp.resolve("deploy.git"), List.of("localhost:5000/acme/api"));
    client.resource(environment(git.url())).create();
    client.resource(promotion()).create();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Promotion p =
                  client.resources(Promotion.class).inNamespace("team").withName("rel").get();
              assertThat(p.getStatus()).isNotNull();
              assertThat(p.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
            });
    Promotion done = client.resources(Promotion.class).inNamespace("team").withName("rel").get();
    assertThat(done.getStatus().getCommit()).isEqualTo(git.head().getName());
    assertThat(git.file(GitFixture.OVERLAY)).contains("digest: sha256:fef24f66563c");
  }

  private static Environment environment(String url) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName("prod").withNamespace("team").build());
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
    p.setMetadata(new ObjectMetaBuilder().withName("rel").withNamespace("team").build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("prod");
    spec.setImage(IMAGE);
    p.setSpec(spec);
    return p;
  }
}
