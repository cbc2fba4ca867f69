package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.ConditionTypes;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.api.v1alpha1.UpstreamSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.JgitHistory;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.policy.KitPolicy;
import dev.shipproof.promote.ImageCopiers;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.promote.SoakStart;
import dev.shipproof.promote.UpstreamGate;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.FakeContext;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.MovableClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream gate through the reconciler, on the mock Kubernetes API in CRUD mode: the upstream
 * Environment is read from the cluster, a soak keeps the promotion Pending and reschedules it for
 * the moment the soak ends.
 */
@EnableKubernetesMockClient(crud = true)
class UpstreamGateReconcilerTest {
  static final String NS = "payments";
  static final String IMAGE = "localhost:5000/acme/api";

  KubernetesClient client;
  @TempDir Path tmp;
  final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
  GitFixture staging;
  GitFixture production;
  PromotionReconciler reconciler;
  UpdateControl<Promotion> lastControl;

  @BeforeEach
  void setUp() throws Exception {
    staging = GitFixture.kustomizeOverlay(tmp.resolve("staging.git"), List.of(IMAGE));
    production = GitFixture.kustomizeOverlay(tmp.resolve("production.git"), List.of(IMAGE));
    Promoter promoter =
        new Promoter(
            RegistryRouting.from(Map.of(IMAGE, EvidenceFixtures.layout("complete")), List.of()),
            new SigstoreEvidenceVerifier(),
            new JgitWorkspace(tmp.resolve("clones"), clock, d -> {}, null),
            new UpstreamGate(new JgitHistory(tmp.resolve("cache")), clock, SoakStart.COMMIT_TIME),
            ImageCopiers.registries());
    reconciler =
        new PromotionReconciler(
            promoter,
            new TrustRoots(
                Optional.of(
                    EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json"))),
            new EventRecorder(clock),
            clock,
            Progress.NONE);
    client.resource(environment("production", production.url(), "staging")).create();
  }

  @Test
  void waitsForAMissingUpstreamThenHoldsTheDigestPendingUntilItHasSoaked() throws Exception {
    create("prod-1", "production");

    PromotionStatus missing = reconcile("prod-1");

    assertThat(missing.getPhase()).isEqualTo(Phase.Errored);
    assertThat(condition(missing, ConditionTypes.READY).getReason())
        .isEqualTo("UpstreamEnvironmentNotFound");

    client.resource(environment("staging", staging.url(), null)).create();
    create("stage-1", "staging");
    assertThat(reconcile("stage-1").getPhase()).isEqualTo(Phase.Succeeded);
    clock.advance(Duration.ofMinutes(20));

    PromotionStatus soaking = reconcile("prod-1");

    assertThat(soaking.getPhase()).isEqualTo(Phase.Pending);
    assertThat(condition(soaking, ConditionTypes.READY).getReason()).isEqualTo("SoakIncomplete");
    assertThat(condition(soaking, ConditionTypes.STALLED).getStatus()).isEqualTo("False");
    assertThat(condition(soaking, ConditionTypes.EVIDENCE_VERIFIED).getStatus()).isEqualTo("True");
    assertThat(lastControl.getScheduleDelay())
        .contains(Duration.ofMinutes(40).plusSeconds(1).toMillis());
    assertThat(production.file(GitFixture.OVERLAY)).doesNotContain(EvidenceFixtures.SINGLE);

    clock.advance(Duration.ofMinutes(41));
    PromotionStatus landed = reconcile("prod-1");

    assertThat(landed.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(production.file(GitFixture.OVERLAY)).contains("digest: " + EvidenceFixtures.SINGLE);
  }

  @Test
  void refusalByTheGateKeepsEvidenceVerifiedAndStalls() throws Exception {
    client.resource(environment("staging", staging.url(), null)).create();
    create("prod-1", "production");

    PromotionStatus status = reconcile("prod-1");

    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(status, ConditionTypes.READY).getReason())
        .isEqualTo("UpstreamNotPromoted");
    assertThat(condition(status, ConditionTypes.STALLED).getStatus()).isEqualTo("True");
    assertThat(condition(status, ConditionTypes.EVIDENCE_VERIFIED).getStatus()).isEqualTo("True");
  }

  private void create(String name, String env) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(env);
    spec.setImage(IMAGE + "@" + EvidenceFixtures.SINGLE);
    p.setSpec(spec);
    client.resource(p).create();
  }

  private PromotionStatus reconcile(String name) {
    Promotion p = client.resources(Promotion.class).inNamespace(NS).withName(name).get();
    var ctx = new FakeContext<>(client, p, FakeContext.attempt(1, false));
    Optional<Promotion> patch;
    try {
      lastControl = reconciler.reconcile(p, ctx);
      patch = lastControl.isPatchStatus() ? lastControl.getResource() : Optional.empty();
    } catch (Exception e) {
      lastControl = null;
      patch = reconciler.updateErrorStatus(p, ctx, e).getResource();
    }
    patch.ifPresent(updated -> client.resource(updated).updateStatus());
    return client.resources(Promotion.class).inNamespace(NS).withName(name).get().getStatus();
  }

  private static Condition condition(PromotionStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  private static Environment environment(String name, String url, String upstream) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl(url);
    spec.setGit(git);
    TargetSpec target = new TargetSpec();
    target.setPath(GitFixture.OVERLAY);
    target.setImage(IMAGE);
    spec.setTargets(List.of(target));
    spec.setPolicy(KitPolicy.policy());
    if (upstream != null) {
      UpstreamSpec up = new UpstreamSpec();
      up.setEnvironment(upstream);
      up.setMinSoak("1h");
      spec.setUpstream(up);
    }
    env.setSpec(spec);
    return env;
  }
}
