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
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.GitTransports;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.FakeContext;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.GitHttpServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outages of the parts a promotion needs besides the registry: the git server (answering 5xx, not
 * answering at all, or accepting and then saying nothing) and the Kubernetes API. Each is {@code
 * Errored} with its reason, {@code Ready=False}, a Warning Event and nothing pushed, and the same
 * promotion lands by itself once the part is back.
 */
@EnableKubernetesMockClient(crud = true)
class GitOutageReconcilerTest {
  static final String NS = "payments";
  static final String IMAGE = "localhost:5000/acme/api";

  KubernetesClient client;
  @TempDir Path tmp;
  GitFixture git;
  GitHttpServer server;
  PromotionReconciler reconciler;

  @BeforeEach
  void setUp() throws Exception {
    Path root = tmp.resolve("srv");
    git = GitFixture.kustomizeOverlay(root.resolve("deploy.git"), List.of(IMAGE));
    GitHttpServer.allowPushes(root.resolve("deploy.git"), Map.of());
    server = GitHttpServer.anonymous(root);
    reconciler = reconciler(tmp.resolve("clones"));
    client.resource(environment(server.url("deploy.git"))).create();
  }

  /** A reconciler with its own clone cache, and a short git timeout for the silent server. */
  private static PromotionReconciler reconciler(Path clones) {
    Promoter promoter =
        new Promoter(
            RegistryRouting.from(Map.of(IMAGE, EvidenceFixtures.layout("complete")), List.of()),
            new SigstoreEvidenceVerifier(),
            new JgitWorkspace(clones, Clock.systemUTC(), d -> {}, GitTransports.timeout(2)));
    return new PromotionReconciler(
        promoter,
        new TrustRoots(
            Optional.of(EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json"))),
        new EventRecorder(Clock.systemUTC()),
        Clock.systemUTC(),
        Progress.NONE);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void aGitServerAnswering503IsErroredGitUnavailableAndTheSamePromotionLandsWhenItRecovers()
      throws Exception {
    RevCommit before = git.head();
    create("release-1");
    server.failWith(503);

    PromotionStatus down = reconcile("release-1", client);

    assertOutage(down, "release-1", Reasons.GIT_UNAVAILABLE);
    assertThat(git.head()).isEqualTo(before);

    server.recover();
    PromotionStatus back = reconcile("release-1", client);

    assertThat(back.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(git.head().getParent(0)).isEqualTo(before);
  }

  @Test
  void anUnreachableGitServerIsErroredGitUnavailableAndTheSamePromotionLandsWhenItIsBack()
      throws Exception {
    RevCommit before = git.head();
    create("release-2");
    server.stopTemporarily();

    PromotionStatus down;
    try {
      down = reconcile("release-2", client);
    } finally {
      server.restart();
    }

    assertOutage(down, "release-2", Reasons.GIT_UNAVAILABLE);
    assertThat(git.head()).isEqualTo(before);
    PromotionStatus back = reconcile("release-2", client);
    assertThat(back.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(git.head().getParent(0)).isEqualTo(before);
  }

  @Test
  void aGitServerThatAcceptsAndNeverAnswersIsErroredGitUnavailableNotHung() throws Exception {
    RevCommit before = git.head();
    create("release-3");
    PromotionReconciler silentOne = reconciler(tmp.resolve("clones-2"));
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread holder = holdConnections(silent);
      Environment env = environment("http://127.0.0.1:" + silent.getLocalPort() + "/deploy.git");
      env.getMetadata().setName("silent");
      client.resource(env).create();
      Promotion p = promotion("release-3-silent", "silent");
      client.resource(p).create();

      PromotionStatus down = reconcile("release-3-silent", client, silentOne);

      assertOutage(down, "release-3-silent", Reasons.GIT_UNAVAILABLE);
      holder.interrupt();
    }
    assertThat(git.head()).isEqualTo(before);
  }

  @Test
  void anUnreachableKubernetesApiIsErroredKubernetesUnavailableAndTheSamePromotionLandsLater()
      throws Exception {
    RevCommit before = git.head();
    create("release-4");
    Promotion p = client.resources(Promotion.class).inNamespace(NS).withName("release-4").get();
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (KubernetesClient unreachable =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + closedPort)
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(2_000)
                    .withRequestTimeout(2_000)
                    .build())
            .build()) {
      var ctx = new FakeContext<>(unreachable, p, FakeContext.attempt(1, false));
      Exception thrown = null;
      try {
        reconciler.reconcile(p, ctx);
      } catch (Exception e) {
        thrown = e;
      }
      assertThat(thrown).as("the reconcile needs the API and must fail").isNotNull();
      PromotionStatus down =
          reconciler.updateErrorStatus(p, ctx, thrown).getResource().orElseThrow().getStatus();

      assertThat(down.getPhase()).isEqualTo(Phase.Errored);
      assertThat(condition(down, ConditionTypes.READY).getReason())
          .isEqualTo(Reasons.KUBERNETES_UNAVAILABLE);
      assertThat(condition(down, ConditionTypes.STALLED).getStatus()).isEqualTo("False");
      assertThat(down.getMessage())
          .startsWith("talking to the Kubernetes API")
          .doesNotContain("\tat ");
    }
    assertThat(git.head()).isEqualTo(before);

    PromotionStatus back = reconcile("release-4", client);

    assertThat(back.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(git.head().getParent(0)).isEqualTo(before);
  }

  private void assertOutage(PromotionStatus status, String name, String reason) {
    assertThat(status.getPhase()).isEqualTo(Phase.Errored);
    assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("False");
    assertThat(condition(status, ConditionTypes.READY).getReason()).isEqualTo(reason);
    assertThat(condition(status, ConditionTypes.STALLED).getStatus()).isEqualTo("False");
    assertThat(status.getMessage()).doesNotContain("Exception").doesNotContain("\tat ");
    List<Event> events =
        client.v1().events().inNamespace(NS).list().getItems().stream()
            .filter(e -> name.equals(e.getInvolvedObject().getName()))
            .toList();
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo(reason);
            });
  }

  private static Thread holdConnections(ServerSocket silent) {
    Thread t =
        new Thread(
            () -> {
              List<java.net.Socket> held = new java.util.ArrayList<>();
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  held.add(silent.accept());
                }
              } catch (IOException closed) {
                // the test is over
              }
            },
            "silent-git");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void create(String name) {
    client.resource(promotion(name, "production")).create();
  }

  private static Promotion promotion(String name, String environment) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(environment);
    spec.setImage(IMAGE + "@" + EvidenceFixtures.SINGLE);
    p.setSpec(spec);
    return p;
  }

  private PromotionStatus reconcile(String name, KubernetesClient api) {
    return reconcile(name, api, reconciler);
  }

  /** One reconcile as the SDK runs it, the status it returns written back. */
  private PromotionStatus reconcile(String name, KubernetesClient api, PromotionReconciler r) {
    Promotion current = api.resources(Promotion.class).inNamespace(NS).withName(name).get();
    var ctx = new FakeContext<>(api, current, FakeContext.attempt(1, false));
    Optional<Promotion> patch;
    try {
      UpdateControl<Promotion> control = r.reconcile(current, ctx);
      patch = control.isPatchStatus() ? control.getResource() : Optional.empty();
    } catch (Exception e) {
      patch = r.updateErrorStatus(current, ctx, e).getResource();
    }
    Promotion written = patch.map(p -> api.resource(p).updateStatus()).orElse(current);
    return written.getStatus();
  }

  private static Condition condition(PromotionStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  private static Environment environment(String gitUrl) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName("production").withNamespace(NS).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec gitSpec = new GitSpec();
    gitSpec.setUrl(gitUrl);
    gitSpec.setBranch("main");
    spec.setGit(gitSpec);
    TargetSpec target = new TargetSpec();
    target.setPath(GitFixture.OVERLAY);
    target.setFormat("kustomize");
    target.setImage(IMAGE);
    spec.setTargets(List.of(target));
    spec.setPolicy(Demo.policy());
    env.setSpec(spec);
    return env;
  }
}
