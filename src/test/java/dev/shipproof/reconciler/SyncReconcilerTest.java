package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.SyncSpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.FakeContext;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.MovableClock;
import dev.shipproof.testing.RecordingMetrics;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
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
 * A landed promotion following its Argo CD Application or Flux Kustomization: the reconciler
 * against the mock API in CRUD mode, where the test plays the GitOps controller by writing the
 * status shapes Argo CD and Flux write; the fixture image from an OCI layout; a real bare repo.
 */
@EnableKubernetesMockClient(crud = true)
class SyncReconcilerTest {
  static final String NS = "payments";
  static final String IMAGE = "localhost:5000/acme/api";
  static final String SINGLE = EvidenceFixtures.SINGLE;
  static final String INDEX = EvidenceFixtures.INDEX;

  KubernetesClient client;
  @TempDir Path tmp;
  GitFixture git;
  MovableClock clock;
  RecordingMetrics metrics;
  PromotionReconciler reconciler;

  @BeforeEach
  void setUp() throws Exception {
    git = GitFixture.kustomizeOverlay(tmp.resolve("remote.git"), List.of(IMAGE));
    clock = new MovableClock(Instant.now());
    metrics = new RecordingMetrics();
    EventRecorder events = new EventRecorder(clock);
    Promoter promoter =
        new Promoter(
            RegistryRouting.from(Map.of(IMAGE, EvidenceFixtures.layout("complete")), List.of()),
            new SigstoreEvidenceVerifier(),
            new JgitWorkspace(tmp.resolve("clones"), clock),
            metrics);
    reconciler =
        new PromotionReconciler(
            promoter,
            new TrustRoots(
                Optional.of(
                    EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json"))),
            events,
            clock,
            Progress.NONE,
            metrics,
            new SyncWatcher(events, clock, metrics, Duration.ofSeconds(10)));
  }

  @Test
  void landedPromotionWaitsForTheApplicationUntilItIsSyncedAndHealthy() throws Exception {
    client
        .resource(environment("production", sync("Application", "api-production", "argocd")))
        .create();
    create("release-1", "production", SINGLE);

    Reconciled landed = reconcile("release-1");

    assertThat(landed.status().getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(condition(landed, "Synced").getStatus()).isEqualTo("Unknown");
    assertThat(condition(landed, "Synced").getReason()).isEqualTo("WaitingForSync");
    assertThat(condition(landed, "Ready").getStatus()).isEqualTo("True");
    assertThat(landed.control().getScheduleDelay()).contains(10_000L);
    assertThat(metrics.depths).containsEntry(NS + "/production awaiting_sync", 1);
    String commit = landed.status().getCommit();
    String older = git.head().getParent(0).getName();

    putApplication("argocd", "api-production", "Synced", older, "Healthy");
    clock.advance(Duration.ofSeconds(10));
    Reconciled behind = reconcile("release-1");
    assertThat(condition(behind, "Synced").getReason()).isEqualTo("WaitingForSync");
    assertThat(condition(behind, "Synced").getMessage()).contains(older.substring(0, 12));

    putApplication("argocd", "api-production", "Synced", commit, "Progressing");
    clock.advance(Duration.ofSeconds(10));
    Reconciled rolling = reconcile("release-1");
    assertThat(condition(rolling, "Synced").getStatus()).isEqualTo("Unknown");
    assertThat(condition(rolling, "Synced").getReason()).isEqualTo("Progressing");
    assertThat(condition(rolling, "Synced").getLastTransitionTime())
        .isEqualTo(condition(landed, "Synced").getLastTransitionTime());

    putApplication("argocd", "api-production", "Synced", commit, "Healthy");
    clock.advance(Duration.ofSeconds(10));
    Reconciled synced = reconcile("release-1");

    assertThat(condition(synced, "Synced").getStatus()).isEqualTo("True");
    assertThat(condition(synced, "Synced").getReason()).isEqualTo("Synced");
    assertThat(synced.status().getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(condition(synced, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(synced, "Committed").getReason()).isEqualTo("Pushed");
    assertThat(synced.status().getEvidence()).hasSize(4);
    assertThat(synced.control().getScheduleDelay()).isEmpty();
    assertThat(events("release-1"))
        .extracting(Event::getReason)
        .containsExactly("EvidenceVerified", "Pushed", "Synced");
    assertThat(metrics.calls)
        .contains(
            "step payments/production gather",
            "step payments/production verify",
            "step payments/production publish",
            "promotion payments/production Succeeded Pushed",
            "step payments/production sync",
            "sync payments/production application True Synced");
    assertThat(metrics.depths).containsEntry(NS + "/production awaiting_sync", 0);
    // Done: a further reconcile changes nothing and schedules nothing.
    Reconciled after = reconcile("release-1");
    assertThat(after.control().isPatchStatus()).isFalse();
    assertThat(after.control().getScheduleDelay()).isEmpty();
  }

  @Test
  void kustomizationReadyFalseForThePushedCommitIsASyncFailureWithFluxsMessage() throws Exception {
    client
        .resource(environment("production", sync("Kustomization", "api", "flux-system")))
        .create();
    create("release-1", "production", SINGLE);
    String commit = reconcile("release-1").status().getCommit();

    putKustomization(
        "flux-system",
        "api",
        commit,
        "False",
        "HealthCheckFailed",
        "health check failed after 5m0s: timeout waiting for: [Deployment/payments/api"
            + " status: 'InProgress']");
    Reconciled failed = reconcile("release-1");

    assertThat(condition(failed, "Synced").getStatus()).isEqualTo("False");
    assertThat(condition(failed, "Synced").getReason()).isEqualTo("SyncFailed");
    assertThat(condition(failed, "Synced").getMessage())
        .contains("HealthCheckFailed")
        .contains("Deployment/payments/api");
    assertThat(failed.status().getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(events("release-1")).extracting(Event::getReason).endsWith("SyncFailed");
    assertThat(events("release-1")).extracting(Event::getType).endsWith("Warning");
    assertThat(metrics.calls).contains("sync payments/production kustomization False SyncFailed");
  }

  @Test
  void kustomizationThatAppliedThePushedCommitAndIsReadyIsSynced() throws Exception {
    client.resource(environment("production", sync("Kustomization", "api", null))).create();
    create("release-1", "production", SINGLE);
    String commit = reconcile("release-1").status().getCommit();

    putKustomization(NS, "api", commit, "True", "ReconciliationSucceeded", "Applied revision");

    assertThat(condition(reconcile("release-1"), "Synced").getStatus()).isEqualTo("True");
  }

  @Test
  void applicationThatNeverReportsTheCommitTimesOut() throws Exception {
    SyncSpec spec = sync("Application", "api-production", "argocd");
    spec.setTimeout("2m");
    client.resource(environment("production", spec)).create();
    create("release-1", "production", SINGLE);
    reconcile("release-1");
    String older = git.head().getParent(0).getName();
    putApplication("argocd", "api-production", "Synced", older, "Healthy");

    clock.advance(Duration.ofSeconds(115));
    Reconciled waiting = reconcile("release-1");
    assertThat(condition(waiting, "Synced").getStatus()).isEqualTo("Unknown");
    assertThat(waiting.control().getScheduleDelay())
        .hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(10_000L));

    clock.advance(Duration.ofSeconds(10));
    Reconciled timedOut = reconcile("release-1");

    assertThat(condition(timedOut, "Synced").getStatus()).isEqualTo("False");
    assertThat(condition(timedOut, "Synced").getReason()).isEqualTo("SyncTimeout");
    assertThat(condition(timedOut, "Synced").getMessage())
        .contains("not synced within 2m")
        .contains(older.substring(0, 12));
    assertThat(timedOut.control().getScheduleDelay()).isEmpty();
    assertThat(events("release-1")).extracting(Event::getReason).endsWith("SyncTimeout");
  }

  @Test
  void syncObjectWhoseKindIsNotInstalledIsUnknownThenFalseAtTheTimeout() throws Exception {
    client.resource(environment("production", sync("HelmRelease", "api", null))).create();
    create("release-1", "production", SINGLE);
    reconcile("release-1");

    clock.advance(Duration.ofSeconds(10));
    Reconciled missing = reconcile("release-1");
    assertThat(condition(missing, "Synced").getStatus()).isEqualTo("Unknown");
    assertThat(condition(missing, "Synced").getReason()).isEqualTo("SyncTargetNotFound");
    assertThat(condition(missing, "Synced").getMessage())
        .contains("HelmRelease payments/api does not exist");

    clock.advance(Duration.ofMinutes(10));
    Reconciled gaveUp = reconcile("release-1");

    assertThat(condition(gaveUp, "Synced").getStatus()).isEqualTo("False");
    assertThat(condition(gaveUp, "Synced").getReason()).isEqualTo("SyncTargetNotFound");
  }

  @Test
  void newerPromotionThatTheApplicationSyncedFirstSupersedesTheOlderOne() throws Exception {
    client
        .resource(environment("production", sync("Application", "api-production", "argocd")))
        .create();
    create("first", "production", INDEX);
    reconcile("first");
    clock.advance(Duration.ofSeconds(5));
    create("second", "production", SINGLE);
    String second = reconcile("second").status().getCommit();

    putApplication("argocd", "api-production", "Synced", second, "Healthy");
    clock.advance(Duration.ofSeconds(10));
    Reconciled first = reconcile("first");

    assertThat(condition(first, "Synced").getStatus()).isEqualTo("False");
    assertThat(condition(first, "Synced").getReason()).isEqualTo("Superseded");
    assertThat(condition(first, "Synced").getMessage()).contains("payments/second");
    assertThat(condition(reconcile("second"), "Synced").getReason()).isEqualTo("Synced");
  }

  @Test
  void promotionThatFoundItsDigestAlreadyPinnedDoesNotWait() throws Exception {
    client
        .resource(environment("production", sync("Application", "api-production", "argocd")))
        .create();
    create("first", "production", SINGLE);
    reconcile("first");
    create("again", "production", SINGLE);

    Reconciled again = reconcile("again");

    assertThat(condition(again, "Committed").getReason()).isEqualTo("AlreadyUpToDate");
    assertThat(again.status().getConditions())
        .extracting(Condition::getType)
        .doesNotContain("Synced");
    assertThat(again.control().getScheduleDelay()).isEmpty();
  }

  @Test
  void environmentWithoutSyncGetsNoSyncedCondition() throws Exception {
    client.resource(environment("production", null)).create();
    create("release-1", "production", SINGLE);

    Reconciled landed = reconcile("release-1");

    assertThat(landed.status().getConditions())
        .extracting(Condition::getType)
        .containsExactlyInAnyOrder("EvidenceVerified", "Committed", "Ready", "Stalled");
    assertThat(landed.control().getScheduleDelay()).isEmpty();
  }

  @Test
  void unusableSyncSpecIsReportedOnTheSyncedConditionNotThePhase() throws Exception {
    SyncSpec spec = sync("Deployment", "api", null);
    client.resource(environment("production", spec)).create();
    create("release-1", "production", SINGLE);

    Reconciled landed = reconcile("release-1");

    assertThat(landed.status().getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(condition(landed, "Synced").getStatus()).isEqualTo("False");
    assertThat(condition(landed, "Synced").getReason()).isEqualTo("InvalidEnvironment");
    assertThat(condition(landed, "Synced").getMessage()).contains("\"Deployment\"");
  }

  @Test
  void failureWhileWaitingForTheSyncNeverTurnsALandedPromotionErrored() throws Exception {
    client
        .resource(environment("production", sync("Application", "api-production", "argocd")))
        .create();
    create("release-1", "production", SINGLE);
    reconcile("release-1");
    Promotion landed = get("release-1");

    var control =
        reconciler.updateErrorStatus(
            landed,
            new FakeContext<>(client, landed, FakeContext.attempt(1, false)),
            new KubernetesClientException("the object has been modified"));

    assertThat(control.getResource()).isEmpty();
    assertThat(get("release-1").getStatus().getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(SyncWatcher.isWaiting(get("release-1"))).isTrue();
  }

  // --- helpers -------------------------------------------------------------------------------

  record Reconciled(UpdateControl<Promotion> control, PromotionStatus status) {}

  private Reconciled reconcile(String name) throws Exception {
    Promotion p = get(name);
    var ctx = new FakeContext<>(client, p, FakeContext.attempt(1, false));
    UpdateControl<Promotion> control = reconciler.reconcile(p, ctx);
    if (control.isPatchStatus()) {
      client.resource(control.getResource().orElseThrow()).updateStatus();
    }
    return new Reconciled(control, get(name).getStatus());
  }

  private void putApplication(
      String namespace, String name, String sync, String revision, String health) {
    GenericKubernetesResource app = SyncStatusReaderTest.application(sync, revision, health);
    app.getMetadata().setNamespace(namespace);
    app.getMetadata().setName(name);
    put(SyncKind.APPLICATION, app);
  }

  private void putKustomization(
      String namespace, String name, String commit, String ready, String reason, String message) {
    GenericKubernetesResource ks =
        SyncStatusReaderTest.yaml(
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: %2$s, namespace: %1$s, generation: 1}
            spec: {interval: 5m, path: ./apps/api/overlays/production, prune: true, wait: true, sourceRef: {kind: GitRepository, name: deploy}}
            status:
              observedGeneration: 1
              lastAppliedRevision: main@sha1:%3$s
              lastAttemptedRevision: main@sha1:%3$s
              conditions:
                - type: Ready
                  status: "%4$s"
                  reason: %5$s
                  message: "%6$s"
                  observedGeneration: 1
                  lastTransitionTime: "2026-12-04T12:01:00Z"
            """
                .formatted(namespace, name, commit, ready, reason, message));
    put(SyncKind.KUSTOMIZATION, ks);
  }

  /** Writes the object as its controller left it (the mock API keeps status as given). */
  private void put(SyncKind kind, GenericKubernetesResource object) {
    var resources =
        client
            .genericKubernetesResources(kind.context(null))
            .inNamespace(object.getMetadata().getNamespace());
    GenericKubernetesResource existing = resources.withName(object.getMetadata().getName()).get();
    if (existing == null) {
      resources.resource(object).create();
    } else {
      object.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      resources.resource(Serialization.clone(object)).update();
    }
  }

  private void create(String name, String env, String digest) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(env);
    spec.setImage(IMAGE + "@" + digest);
    spec.setReason("test " + name);
    p.setSpec(spec);
    client.resource(p).create();
  }

  private Promotion get(String name) {
    return client.resources(Promotion.class).inNamespace(NS).withName(name).get();
  }

  private List<Event> events(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static Condition condition(Reconciled r, String type) {
    return r.status().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no condition " + type + " in " + r.status().getConditions()));
  }

  private static SyncSpec sync(String kind, String name, String namespace) {
    SyncSpec sync = new SyncSpec();
    sync.setKind(kind);
    sync.setName(name);
    sync.setNamespace(namespace);
    return sync;
  }

  private Environment environment(String name, SyncSpec sync) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec gitSpec = new GitSpec();
    gitSpec.setUrl(git.url());
    gitSpec.setBranch("main");
    spec.setGit(gitSpec);
    TargetSpec target = new TargetSpec();
    target.setPath(GitFixture.OVERLAY);
    target.setFormat("kustomize");
    target.setImage(IMAGE);
    spec.setTargets(List.of(target));
    spec.setPolicy(Demo.policy());
    spec.setSync(sync);
    env.setSpec(spec);
    return env;
  }
}
