package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.ConditionTypes;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.RegistrySpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.FakeContext;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.LayoutPusher;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler end to end on real parts: the fabric8 mock Kubernetes API in CRUD mode, Debian's
 * docker-registry holding the fixture image and its evidence, and a real bare git repository.
 */
@EnableKubernetesMockClient(crud = true)
class PromotionReconcilerTest {
  static final String NS = "payments";
  static final String SINGLE = EvidenceFixtures.SINGLE;
  static final String INDEX = EvidenceFixtures.INDEX;
  static final String ARM64 = EvidenceFixtures.ARM64;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

  static final String PUBLIC_GOOD_ROOT =
      readResource("/fixtures/evidence/conformance/trusted_root.public-good.json");

  static DockerRegistry registry;
  static String host;

  KubernetesClient client;
  @TempDir Path tmp;
  GitFixture git;
  PromotionReconciler reconciler;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = DockerRegistry.start();
    host = registry.host();
    LayoutPusher pusher = LayoutPusher.into(registry);
    pusher.push(EvidenceFixtures.layout("complete"), "acme/api");
    pusher.push(EvidenceFixtures.layout("neg-wrong-identity"), "acme/wrong-identity");
    pusher.push(EvidenceFixtures.layout("neg-subject-mismatch"), "acme/subject-mismatch");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    git = GitFixture.kustomizeOverlay(tmp.resolve("remote.git"), overlayImages());
    Promoter promoter =
        new Promoter(
            RegistryRouting.from(Map.of(), List.of()),
            new SigstoreEvidenceVerifier(),
            new JgitWorkspace(tmp.resolve("clones"), CLOCK));
    reconciler =
        new PromotionReconciler(
            promoter,
            new TrustRoots(
                Optional.of(
                    EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json"))),
            new EventRecorder(CLOCK),
            CLOCK,
            Progress.NONE);
    client.resource(environment("production", "acme/api")).create();
    client.resource(environment("wrong-identity", "acme/wrong-identity")).create();
    client.resource(environment("subject-mismatch", "acme/subject-mismatch")).create();
  }

  private static List<String> overlayImages() {
    return List.of(
        host + "/acme/api", host + "/acme/wrong-identity", host + "/acme/subject-mismatch");
  }

  @Test
  void verifiedPromotionLandsOneCommitWithTrailers() throws Exception {
    RevCommit before = git.head();
    create("release-1", "production", host + "/acme/api@" + SINGLE);

    PromotionStatus status = reconcile("release-1");

    assertThat(status.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("True");
    assertThat(condition(status, ConditionTypes.COMMITTED).getReason()).isEqualTo("Pushed");
    assertThat(condition(status, ConditionTypes.EVIDENCE_VERIFIED).getStatus()).isEqualTo("True");
    assertThat(status.getDigest()).isEqualTo(SINGLE);
    RevCommit head = git.head();
    assertThat(head.getParent(0)).isEqualTo(before);
    assertThat(status.getCommit()).isEqualTo(head.getName());
    Map<String, String> trailers = CommitMessage.trailers(head.getFullMessage());
    assertThat(trailers)
        .containsEntry("Shipproof-Digest", SINGLE)
        .containsEntry("Shipproof-Environment", "production")
        .containsEntry("Shipproof-Image", host + "/acme/api");
    assertThat(trailers.get("Shipproof-Promotion")).startsWith(NS + "/release-1 ");
    assertThat(trailers.get("Shipproof-Evidence"))
        .contains("signature(keyless acme/api")
        .contains("slsa-provenance")
        .contains("test-result PASSED")
        .contains("sbom spdx");
    assertThat(git.file(GitFixture.OVERLAY))
        .contains("  - name: " + host + "/acme/api\n    digest: " + SINGLE + "\n")
        .doesNotContain("newTag: \"0.9.0\"   # tag of the acme/api");
    assertThat(status.getEvidence())
        .extracting(EvidenceRecord::getRequirement)
        .containsExactly(
            "signature",
            "https://slsa.dev/provenance/v1",
            "https://in-toto.io/attestation/test-result/v0.1",
            "https://spdx.dev/Document");
    assertThat(status.getEvidence())
        .allSatisfy(r -> assertThat(r.getSigner()).startsWith("https://github.com/acme/api/"));
    assertThat(events("release-1"))
        .extracting(Event::getReason)
        .containsExactly("EvidenceVerified", "Pushed");
  }

  @Test
  void refusesDigestWithNothingAttached() throws Exception {
    assertRefusedWithoutPush(
        "arm64",
        "production",
        host + "/acme/api@" + ARM64,
        "EvidenceMissing",
        ConditionTypes.EVIDENCE_VERIFIED);
  }

  @Test
  void refusesEvidenceSignedByAnIdentityOutsideThePolicy() throws Exception {
    PromotionStatus status =
        assertRefusedWithoutPush(
            "evil",
            "wrong-identity",
            host + "/acme/wrong-identity@" + SINGLE,
            "IdentityMismatch",
            ConditionTypes.EVIDENCE_VERIFIED);
    assertThat(status.getMessage()).contains("https://github.com/evil/api/");
  }

  @Test
  void refusesDigestWhoseAttestationSubjectNamesAnotherImage() throws Exception {
    assertRefusedWithoutPush(
        "subject",
        "subject-mismatch",
        host + "/acme/subject-mismatch@" + SINGLE,
        "SubjectMismatch",
        ConditionTypes.EVIDENCE_VERIFIED);
  }

  @Test
  void refusesRegistryThatServesBytesNotMatchingTheDigest() throws Exception {
    try (var lie = registry.tamper(SINGLE, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")) {
      PromotionStatus status =
          assertRefusedWithoutPush(
              "liar", "production", host + "/acme/api@" + SINGLE, "DigestMismatch", null);
      assertThat(status.getMessage()).contains("sha256:fef24f66563c").contains("not to the digest");
    }
  }

  @Test
  void refusesTagOnlyReference() throws Exception {
    PromotionStatus status =
        assertRefusedWithoutPush(
            "by-tag", "production", host + "/acme/api:1.0.0", "DigestRequired", null);
    assertThat(status.getMessage()).contains("no digest");
  }

  @Test
  void waitsForAManifestThatIsNotPushedYet() throws Exception {
    RevCommit before = git.head();
    create("early-push", "production", host + "/acme/api@sha256:" + "1".repeat(64));

    PromotionStatus status = reconcile("early-push");

    assertThat(status.getPhase()).isEqualTo(Phase.Errored);
    assertThat(condition(status, ConditionTypes.READY).getReason()).isEqualTo("ManifestNotFound");
    assertThat(condition(status, ConditionTypes.STALLED).getStatus()).isEqualTo("False");
    assertThat(git.head()).isEqualTo(before);
  }

  @Test
  void refusesDigestAlgorithmsOtherThanSha256() throws Exception {
    PromotionStatus status =
        assertRefusedWithoutPush(
            "sha512",
            "production",
            host + "/acme/api@sha512:" + "ab".repeat(64),
            "InvalidReference",
            null);
    assertThat(status.getMessage()).contains("only sha256");
  }

  @Test
  void refusesMalformedDigest() throws Exception {
    assertRefusedWithoutPush(
        "short", "production", host + "/acme/api@sha256:abc", "InvalidReference", null);
  }

  @Test
  void registryOutageIsErroredAndSucceedsOnceTheRegistryIsBack() throws Exception {
    RevCommit before = git.head();
    create("outage", "production", host + "/acme/api@" + SINGLE);
    registry.stopTemporarily();
    PromotionStatus status;
    try {
      status = reconcile("outage");
      assertThat(status.getPhase()).isEqualTo(Phase.Errored);
      assertThat(condition(status, ConditionTypes.READY).getReason())
          .isEqualTo("RegistryUnavailable");
      assertThat(condition(status, ConditionTypes.STALLED).getStatus()).isEqualTo("False");
      assertThat(status.getMessage()).doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(git.head()).isEqualTo(before);
    } finally {
      registry.restart();
    }

    status = reconcile("outage");

    assertThat(status.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(git.head().getParent(0)).isEqualTo(before);
  }

  @Test
  void reconcilingTwicePushesOneCommit() throws Exception {
    RevCommit before = git.head();
    create("twice", "production", host + "/acme/api@" + SINGLE);

    PromotionStatus first = reconcile("twice");
    PromotionStatus second = reconcile("twice");

    assertThat(second.getCommit()).isEqualTo(first.getCommit());
    assertThat(git.head().getName()).isEqualTo(first.getCommit());
    assertThat(git.head().getParent(0)).isEqualTo(before);
  }

  @Test
  void rerunOfTheSameDigestPushesNothingAndNamesTheCommitThatPinnedIt() throws Exception {
    create("first", "production", host + "/acme/api@" + SINGLE);
    PromotionStatus first = reconcile("first");
    create("again", "production", host + "/acme/api@" + SINGLE);

    PromotionStatus again = reconcile("again");

    assertThat(again.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(condition(again, ConditionTypes.COMMITTED).getReason()).isEqualTo("AlreadyUpToDate");
    assertThat(again.getCommit()).isEqualTo(first.getCommit());
    assertThat(git.head().getName()).isEqualTo(first.getCommit());
  }

  @Test
  void newerPromotionWaitsUntilTheOlderOneWhoseStatusWasLostAdoptsItsCommit() throws Exception {
    create("a", "production", host + "/acme/api@" + INDEX);
    create("b", "production", host + "/acme/api@" + SINGLE);
    Promotion a = get("a");
    // A pushes, then its status write is lost (operator killed, API blip).
    reconciler.reconcile(a, new FakeContext<>(client, a, FakeContext.attempt(1, false)));
    RevCommit afterA = git.head();

    PromotionStatus queued = reconcile("b");
    reconcile("b");

    assertThat(queued.getPhase()).isEqualTo(Phase.Pending);
    assertThat(condition(queued, ConditionTypes.READY).getReason()).isEqualTo("Queued");
    assertThat(queued.getMessage()).contains("older promotion a ");
    assertThat(git.head()).as("nothing pushed while queued").isEqualTo(afterA);
    assertThat(events("b")).extracting(Event::getReason).containsExactly("Queued");

    PromotionStatus retried = reconcile("a");
    assertThat(retried.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(retried.getCommit()).isEqualTo(afterA.getName());
    assertThat(retried.getMessage()).contains("already landed");

    PromotionStatus next = reconcile("b");
    assertThat(next.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(git.head().getParent(0)).isEqualTo(afterA);
    assertThat(git.file(GitFixture.OVERLAY)).contains("digest: " + SINGLE);
  }

  @Test
  void refusesAnEnvironmentWhoseBranchCanNeverExist() throws Exception {
    Environment env = environment("star", "acme/api");
    env.getSpec().getGit().setBranch("*");
    client.resource(env).create();

    PromotionStatus status =
        assertRefusedWithoutPush(
            "star-branch",
            "star",
            host + "/acme/api@" + SINGLE,
            "InvalidEnvironment",
            ConditionTypes.COMMITTED);
    assertThat(status.getMessage()).doesNotContain("/tmp/").doesNotContain("clones");
  }

  @Test
  void waitsForAnEnvironmentThatDoesNotExistYet() throws Exception {
    create("early", "staging", host + "/acme/api@" + SINGLE);

    PromotionStatus status = reconcile("early");

    assertThat(status.getPhase()).isEqualTo(Phase.Errored);
    assertThat(condition(status, ConditionTypes.READY).getReason())
        .isEqualTo("EnvironmentNotFound");
    client.resource(environment("staging", "acme/api")).create();
    assertThat(reconcile("early").getPhase()).isEqualTo(Phase.Succeeded);
  }

  @Test
  void keepsRetryingAfterTheRetryBudgetIsSpent() throws Exception {
    create("late", "nowhere", host + "/acme/api@" + SINGLE);
    Promotion p = get("late");
    var ctx = new FakeContext<>(client, p, FakeContext.attempt(40, true));
    Exception outage = null;
    try {
      reconciler.reconcile(p, ctx);
    } catch (Exception e) {
      outage = e;
    }

    ErrorStatusUpdateControl<Promotion> control = reconciler.updateErrorStatus(p, ctx, outage);

    assertThat(control.getScheduleDelay()).isPresent();
  }

  @Test
  void recordsOneWarningEventPerNewOutageReasonNotPerRetry() throws Exception {
    create("quiet", "later", host + "/acme/api@" + SINGLE);

    reconcile("quiet");
    reconcile("quiet");
    reconcile("quiet");

    assertThat(events("quiet")).extracting(Event::getReason).containsExactly("EnvironmentNotFound");
  }

  @Test
  void verifiesAgainstTheTrustedRootConfigMapTheEnvironmentNames() throws Exception {
    Environment env = environment("with-root", "acme/api");
    var ref = new dev.shipproof.api.v1alpha1.ConfigMapKeyRef();
    ref.setName("sigstore-root");
    env.getSpec().getPolicy().setTrustedRoot(ref);
    client.resource(env).create();
    create("root", "with-root", host + "/acme/api@" + SINGLE);

    PromotionStatus waiting = reconcile("root");

    assertThat(waiting.getPhase()).isEqualTo(Phase.Errored);
    assertThat(condition(waiting, ConditionTypes.READY).getReason())
        .isEqualTo("TrustedRootUnavailable");
    assertThat(waiting.getMessage()).contains("ConfigMap payments/sigstore-root");

    client
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("sigstore-root")
                .withNamespace(NS)
                .endMetadata()
                .addToData(
                    "trusted_root.json",
                    java.nio.file.Files.readString(
                        EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json")))
                .build())
        .create();

    assertThat(reconcile("root").getPhase()).isEqualTo(Phase.Succeeded);
  }

  @Test
  void refusesEverythingWhenTheConfigMapHoldsAnotherTrustedRoot() throws Exception {
    Environment env = environment("other-root", "acme/api");
    var ref = new dev.shipproof.api.v1alpha1.ConfigMapKeyRef();
    ref.setName("public-good");
    env.getSpec().getPolicy().setTrustedRoot(ref);
    client.resource(env).create();
    client
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("public-good")
                .withNamespace(NS)
                .endMetadata()
                .addToData("trusted_root.json", PUBLIC_GOOD_ROOT)
                .build())
        .create();

    assertRefusedWithoutPush(
        "untrusted",
        "other-root",
        host + "/acme/api@" + SINGLE,
        "SignatureInvalid",
        ConditionTypes.EVIDENCE_VERIFIED);
  }

  // --- helpers -------------------------------------------------------------------------------

  private PromotionStatus assertRefusedWithoutPush(
      String name, String env, String image, String reason, String conditionType) throws Exception {
    RevCommit before = git.head();
    create(name, env, image);

    PromotionStatus status = reconcile(name);

    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(status, ConditionTypes.READY).getReason()).isEqualTo(reason);
    assertThat(condition(status, ConditionTypes.STALLED).getStatus()).isEqualTo("True");
    if (conditionType != null) {
      assertThat(condition(status, conditionType).getReason()).isEqualTo(reason);
    }
    assertThat(status.getMessage())
        .isNotBlank()
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(git.head()).as("nothing pushed").isEqualTo(before);
    // A refusal by git follows a Normal EvidenceVerified event; the refusal is the one Warning.
    List<Event> warnings =
        events(name).stream().filter(e -> "Warning".equals(e.getType())).toList();
    assertThat(warnings).extracting(Event::getReason).containsExactly(reason);
    // Terminal: a further reconcile changes nothing.
    assertThat(reconcile(name).getConditions()).isEqualTo(status.getConditions());
    return status;
  }

  private void create(String name, String env, String image) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(env);
    spec.setImage(image);
    spec.setReason("test " + name);
    p.setSpec(spec);
    client.resource(p).create();
  }

  private Promotion get(String name) {
    return client.resources(Promotion.class).inNamespace(NS).withName(name).get();
  }

  /**
   * One reconciliation as the operator SDK runs it: reconcile, or on an exception the error path.
   */
  private PromotionStatus reconcile(String name) {
    Promotion p = get(name);
    RetryInfo retry = FakeContext.attempt(1, false);
    var ctx = new FakeContext<>(client, p, retry);
    Optional<Promotion> patch;
    try {
      UpdateControl<Promotion> control = reconciler.reconcile(p, ctx);
      patch = control.isPatchStatus() ? control.getResource() : Optional.empty();
    } catch (Exception e) {
      patch = reconciler.updateErrorStatus(p, ctx, e).getResource();
    }
    patch.ifPresent(updated -> client.resource(updated).updateStatus());
    return get(name).getStatus();
  }

  private List<Event> events(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static String readResource(String name) {
    try {
      return java.nio.file.Files.readString(EvidenceFixtures.resource(name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Condition condition(PromotionStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no condition " + type + " in " + status.getConditions()));
  }

  private Environment environment(String name, String repository) {
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
    target.setImage(host + "/" + repository);
    spec.setTargets(List.of(target));
    RegistrySpec reg = new RegistrySpec();
    reg.setInsecure(true);
    spec.setRegistry(reg);
    spec.setPolicy(Demo.policy());
    env.setSpec(spec);
    return env;
  }
}
