package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.AttestationRule;
import dev.shipproof.api.v1alpha1.ConditionTypes;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.OverrideSpec;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.RegistrySpec;
import dev.shipproof.api.v1alpha1.RejectedDigest;
import dev.shipproof.api.v1alpha1.RollbackSpec;
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
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * Rollbacks and the quarantine end to end: the fabric8 mock Kubernetes API in CRUD mode, Debian's
 * docker-registry holding the fixture image (its single-platform manifest and its index are the two
 * digests with complete evidence), and a real bare git repository.
 */
@EnableKubernetesMockClient(crud = true)
class RollbackReconcilerTest {
  static final String NS = "payments";
  static final String SINGLE = EvidenceFixtures.SINGLE;
  static final String INDEX = EvidenceFixtures.INDEX;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

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
    LayoutPusher.into(registry).push(EvidenceFixtures.layout("complete"), "acme/api");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    git = GitFixture.kustomizeOverlay(tmp.resolve("remote.git"), List.of(host + "/acme/api"));
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
    client.resource(environment()).create();
  }

  @Test
  void rollsBackToThePreviousVerifiedDigestWithARevert() throws Exception {
    String c1 = landed("release-1", SINGLE);
    String c2 = landed("release-2", INDEX);

    PromotionStatus status = rollback("rb", "previous", null, "INC-4711: error rate");

    assertThat(status.getPhase()).as(status.getMessage()).isEqualTo(Phase.Succeeded);
    assertThat(condition(status, ConditionTypes.COMMITTED).getReason()).isEqualTo("Reverted");
    assertThat(status.getDigest()).isEqualTo(SINGLE);
    assertThat(status.getRevertOf()).isEqualTo(c2);
    assertThat(status.getEvidence()).hasSize(4);
    RevCommit head = git.head();
    assertThat(head.getName()).isEqualTo(status.getCommit());
    assertThat(head.getParent(0).getName()).isEqualTo(c2);
    assertThat(git.file(GitFixture.OVERLAY)).contains("digest: " + SINGLE);
    Map<String, String> trailers = CommitMessage.trailers(head.getFullMessage());
    assertThat(trailers)
        .containsEntry("Shipproof-Digest", SINGLE)
        .containsEntry("Shipproof-Revert-Of", c2)
        .containsEntry("Shipproof-Rejected-Digest", INDEX)
        .containsEntry("Shipproof-Environment", "production");
    assertThat(trailers.get("Shipproof-Promotion")).startsWith(NS + "/rb ");
    assertThat(head.getFullMessage()).contains("INC-4711: error rate");
    EnvironmentStatus env = environmentStatus();
    assertThat(env.getCurrentDigest()).isEqualTo(SINGLE);
    assertThat(env.getCurrentCommit()).isEqualTo(head.getName());
    assertThat(env.getLastPromotion()).isEqualTo(NS + "/rb");
    assertThat(env.getQuarantined()).isEqualTo(1);
    RejectedDigest rejected = env.getRejectedDigests().get(0);
    assertThat(rejected.getDigest()).isEqualTo(INDEX);
    assertThat(rejected.getCommit()).isEqualTo(head.getName());
    assertThat(rejected.getPromotion()).isEqualTo(NS + "/rb");
    assertThat(rejected.getReason()).isEqualTo("INC-4711: error rate");
    assertThat(c1).isNotEqualTo(c2);
  }

  @Test
  void rollsBackToANamedDigestAndToACommit() throws Exception {
    String c1 = landed("release-1", SINGLE);
    landed("release-2", INDEX);

    PromotionStatus byDigest = rollback("rb-digest", SINGLE, null, "back to 1");

    assertThat(byDigest.getPhase()).as(byDigest.getMessage()).isEqualTo(Phase.Succeeded);
    assertThat(git.file(GitFixture.OVERLAY)).contains("digest: " + SINGLE);

    PromotionStatus byCommit = rollback("rb-commit", c1.substring(0, 12), null, "same again");

    assertThat(byCommit.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(condition(byCommit, ConditionTypes.COMMITTED).getReason())
        .isEqualTo("AlreadyUpToDate");
    assertThat(byCommit.getMessage()).contains("already runs");
  }

  @Test
  void aConflictingRevertIsRefusedNamingTheLaterCommit() throws Exception {
    landed("release-1", SINGLE);
    landed("release-2", INDEX);
    String annotated =
        git.file(GitFixture.OVERLAY).replace("digest: " + INDEX, "digest: " + INDEX + " # INC-1");
    RevCommit later = git.commitByHand(GitFixture.OVERLAY, annotated, "note the incident");
    RevCommit before = git.head();

    PromotionStatus status = rollback("rb", "previous", null, "INC-1");

    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(status, ConditionTypes.READY).getReason()).isEqualTo("RevertConflict");
    assertThat(condition(status, ConditionTypes.COMMITTED).getReason()).isEqualTo("RevertConflict");
    assertThat(status.getMessage())
        .contains(later.getName().substring(0, 12))
        .contains("note the incident");
    assertThat(git.head()).isEqualTo(before);
  }

  @Test
  void pinStrategyRollsBackWithAForwardCommitWhereARevertWouldConflict() throws Exception {
    landed("release-1", SINGLE);
    String c2 = landed("release-2", INDEX);
    String annotated =
        git.file(GitFixture.OVERLAY).replace("digest: " + INDEX, "digest: " + INDEX + " # INC-1");
    git.commitByHand(GitFixture.OVERLAY, annotated, "note the incident");

    PromotionStatus status = rollback("rb", "previous", "pin", "INC-1");

    assertThat(status.getPhase()).as(status.getMessage()).isEqualTo(Phase.Succeeded);
    assertThat(status.getRevertOf()).isEqualTo(c2);
    assertThat(git.file(GitFixture.OVERLAY)).contains("digest: " + SINGLE + " # INC-1");
    assertThat(CommitMessage.trailers(git.head().getFullMessage()))
        .containsEntry("Shipproof-Revert-Of", c2);
  }

  @Test
  void refusesATargetThatFailsTodaysPolicy() throws Exception {
    landed("release-1", SINGLE);
    landed("release-2", INDEX);
    Environment env =
        client.resources(Environment.class).inNamespace(NS).withName("production").get();
    AttestationRule cyclonedx = new AttestationRule();
    cyclonedx.setPredicateType("https://cyclonedx.org/bom");
    List<AttestationRule> rules = new ArrayList<>(env.getSpec().getPolicy().getAttestations());
    rules.add(cyclonedx);
    env.getSpec().getPolicy().setAttestations(rules);
    client.resource(env).update();
    RevCommit before = git.head();

    PromotionStatus status = rollback("rb", "previous", null, "INC-2");

    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(status, ConditionTypes.EVIDENCE_VERIFIED).getReason())
        .isEqualTo("EvidenceMissing");
    assertThat(status.getMessage())
        .contains("rollback target sha256:fef24f66563c fails today's policy")
        .contains("cyclonedx");
    assertThat(git.head()).isEqualTo(before);
  }

  @Test
  void quarantineBlocksRePromotionUntilAnOverride() throws Exception {
    landed("release-1", SINGLE);
    landed("release-2", INDEX);
    assertThat(rollback("rb", "previous", null, "INC-3").getPhase()).isEqualTo(Phase.Succeeded);
    RevCommit before = git.head();

    PromotionStatus blocked = promote("release-2-again", INDEX, null);

    assertThat(blocked.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(blocked, ConditionTypes.READY).getReason()).isEqualTo("DigestQuarantined");
    assertThat(blocked.getMessage()).contains(NS + "/rb").contains("spec.override.reason");
    assertThat(git.head()).isEqualTo(before);

    PromotionStatus overridden = promote("release-2-fixed", INDEX, "INC-3 fixed by config");

    assertThat(overridden.getPhase()).as(overridden.getMessage()).isEqualTo(Phase.Succeeded);
    assertThat(CommitMessage.trailers(git.head().getFullMessage()))
        .containsEntry("Shipproof-Override", "INC-3 fixed by config");
    assertThat(environmentStatus().getQuarantined()).isZero();
    assertThat(environmentStatus().getCurrentDigest()).isEqualTo(INDEX);
  }

  @Test
  void theQuarantineSurvivesALostEnvironmentStatusThroughGit() throws Exception {
    landed("release-1", SINGLE);
    landed("release-2", INDEX);
    assertThat(rollback("rb", "previous", null, "INC-5").getPhase()).isEqualTo(Phase.Succeeded);
    client.resources(Environment.class).inNamespace(NS).withName("production").delete();
    client.resource(environment()).create();

    PromotionStatus blocked = promote("release-2-again", INDEX, null);

    assertThat(condition(blocked, ConditionTypes.READY).getReason()).isEqualTo("DigestQuarantined");
  }

  @Test
  void aRollbackTheEnvironmentStatusNeverRecordedStillBlocksRePromotionAtTheTip() throws Exception {
    landed("release-1", SINGLE);
    landed("release-2", INDEX);
    assertThat(rollback("rb", "previous", null, "INC-9").getPhase()).isEqualTo(Phase.Succeeded);
    // The status is written but knows no rejection: the rollback was pushed by the CLI, by a
    // person or by another operator deployment, so only git records it.
    Environment env =
        client.resources(Environment.class).inNamespace(NS).withName("production").get();
    env.getStatus().setRejectedDigests(new java.util.ArrayList<>());
    env.getStatus().setQuarantined(0);
    client.resource(env).updateStatus();
    RevCommit before = git.head();

    PromotionStatus blocked = promote("release-2-again", INDEX, null);

    assertThat(blocked.getPhase()).as(blocked.getMessage()).isEqualTo(Phase.Failed);
    assertThat(condition(blocked, ConditionTypes.READY).getReason()).isEqualTo("DigestQuarantined");
    assertThat(blocked.getMessage()).contains(NS + "/rb").contains("spec.override.reason");
    assertThat(git.head()).isEqualTo(before);

    PromotionStatus overridden = promote("release-2-fixed", INDEX, "INC-9 was the cache");

    assertThat(overridden.getPhase()).as(overridden.getMessage()).isEqualTo(Phase.Succeeded);
    assertThat(git.file(GitFixture.OVERLAY)).contains("digest: " + INDEX);
  }

  @Test
  void aRollbackOfARollbackRestoresTheQuarantinedDigestOnlyWithAnOverride() throws Exception {
    landed("release-1", SINGLE);
    landed("release-2", INDEX);
    PromotionStatus first = rollback("rb-1", "previous", null, "INC-6");

    PromotionStatus blocked = rollback("rb-2", "previous", null, "was not the image");
    PromotionStatus undone =
        rollback("rb-3", "previous", null, "was not the image", "INC-6 was the DB");

    assertThat(condition(blocked, ConditionTypes.READY).getReason()).isEqualTo("DigestQuarantined");
    assertThat(undone.getPhase()).as(undone.getMessage()).isEqualTo(Phase.Succeeded);
    assertThat(undone.getRevertOf()).isEqualTo(first.getCommit());
    assertThat(git.file(GitFixture.OVERLAY)).contains("digest: " + INDEX);
    EnvironmentStatus env = environmentStatus();
    assertThat(env.getRejectedDigests())
        .extracting(RejectedDigest::getDigest)
        .containsExactly(SINGLE);
  }

  @Test
  void refusesToRollBackToAPinMadeByHand() throws Exception {
    String byHand = git.file(GitFixture.OVERLAY).replace("newTag: \"0.9.0\"", "digest: " + INDEX);
    RevCommit hand = git.commitByHand(GitFixture.OVERLAY, byHand, "pin the index by hand");
    landed("release-1", SINGLE);
    RevCommit before = git.head();

    PromotionStatus status = rollback("rb", "previous", null, "INC-7");

    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(status, ConditionTypes.READY).getReason()).isEqualTo("NoEarlierPin");
    assertThat(status.getMessage()).contains("first Shipproof pin").contains("digest: " + INDEX);
    assertThat(git.head()).isEqualTo(before);
    assertThat(hand).isNotNull();
  }

  @Test
  void aRetriedRollbackWhoseCommitLandedPushesNothing() throws Exception {
    landed("release-1", SINGLE);
    landed("release-2", INDEX);
    create(rollbackPromotion("rb", "previous", null, "INC-8", null));
    Promotion p = get("rb");
    // The rollback pushes, then its status write is lost.
    reconciler.reconcile(p, new FakeContext<>(client, p, FakeContext.attempt(1, false)));
    RevCommit pushed = git.head();

    PromotionStatus status = reconcile("rb");

    assertThat(status.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(status.getCommit()).isEqualTo(pushed.getName());
    assertThat(git.head()).isEqualTo(pushed);
    assertThat(environmentStatus().getRejectedDigests())
        .extracting(RejectedDigest::getDigest)
        .containsExactly(INDEX);
  }

  // --- helpers -------------------------------------------------------------------------------

  private String landed(String name, String digest) {
    PromotionStatus status = promote(name, digest, null);
    assertThat(status.getPhase()).as(status.getMessage()).isEqualTo(Phase.Succeeded);
    return status.getCommit();
  }

  private PromotionStatus promote(String name, String digest, String override) {
    Promotion p = promotion(name, "release " + name, override);
    p.getSpec().setImage(host + "/acme/api@" + digest);
    create(p);
    return reconcile(name);
  }

  private PromotionStatus rollback(String name, String to, String strategy, String reason) {
    return rollback(name, to, strategy, reason, null);
  }

  private PromotionStatus rollback(
      String name, String to, String strategy, String reason, String override) {
    create(rollbackPromotion(name, to, strategy, reason, override));
    return reconcile(name);
  }

  private Promotion rollbackPromotion(
      String name, String to, String strategy, String reason, String override) {
    Promotion p = promotion(name, reason, override);
    RollbackSpec rollback = new RollbackSpec();
    rollback.setTo(to);
    if (strategy != null) {
      rollback.setStrategy(strategy);
    }
    p.getSpec().setRollback(rollback);
    return p;
  }

  private static Promotion promotion(String name, String reason, String override) {
    Promotion p = new Promotion();
    p.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(NS).withUid(name + "-uid").build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("production");
    spec.setReason(reason);
    if (override != null) {
      OverrideSpec o = new OverrideSpec();
      o.setReason(override);
      spec.setOverride(o);
    }
    p.setSpec(spec);
    return p;
  }

  private void create(Promotion p) {
    client.resource(p).create();
  }

  private Promotion get(String name) {
    return client.resources(Promotion.class).inNamespace(NS).withName(name).get();
  }

  private PromotionStatus reconcile(String name) {
    Promotion p = get(name);
    var ctx = new FakeContext<>(client, p, FakeContext.attempt(1, false));
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

  private EnvironmentStatus environmentStatus() {
    return client
        .resources(Environment.class)
        .inNamespace(NS)
        .withName("production")
        .get()
        .getStatus();
  }

  private static Condition condition(PromotionStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no condition " + type + " in " + status.getConditions()));
  }

  private Environment environment() {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName("production").withNamespace(NS).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec gitSpec = new GitSpec();
    gitSpec.setUrl(git.url());
    gitSpec.setBranch("main");
    spec.setGit(gitSpec);
    TargetSpec target = new TargetSpec();
    target.setPath(GitFixture.OVERLAY);
    target.setFormat("kustomize");
    target.setImage(host + "/acme/api");
    spec.setTargets(List.of(target));
    RegistrySpec reg = new RegistrySpec();
    reg.setInsecure(true);
    spec.setRegistry(reg);
    spec.setPolicy(Demo.policy());
    env.setSpec(spec);
    return env;
  }
}
