package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.RejectedDigest;
import dev.shipproof.api.v1alpha1.RollbackSpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.gitops.PushHooks;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.gitops.PromotionInfo;
import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tip guard through the real Promoter (OCI layout as the registry, real bare repository,
 * JgitWorkspace): the quarantine ledger the operator would pass from the Environment's status is
 * given explicitly, so the second (tip) check is what decides.
 */
class TipGuardPromoterTest {
  static final String IMAGE = "localhost:5000/acme/api";
  static final String Y = EvidenceFixtures.SINGLE;
  static final String X = EvidenceFixtures.INDEX;
  static final String OVERLAY_B = "apps/api/overlays/team-b/kustomization.yaml";

  @TempDir Path tmp;
  GitFixture repo;
  JgitWorkspace workspace;
  Promoter promoter;
  TrustRoot trust;
  int uids;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitFixture.kustomizeOverlay(tmp.resolve("remote.git"), List.of(IMAGE));
    trust =
        TrustRoot.parse(
            Files.readAllBytes(
                EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json")));
    workspace =
        new JgitWorkspace(
            tmp.resolve("clones"),
            Clock.fixed(Instant.parse("2026-12-05T03:00:00Z"), ZoneOffset.UTC),
            d -> {},
            null);
    promoter =
        new Promoter(
            RegistryRouting.from(Map.of(IMAGE, EvidenceFixtures.layout("complete")), List.of()),
            new SigstoreEvidenceVerifier(),
            workspace);
  }

  @Test
  void aRollbackLandingWhileAForwardPromotionPushesIsHonoured() throws Exception {
    RevCommit pX =
        landed(promote("team-a", "production", spec(GitFixture.OVERLAY), X, null, none()));
    landed(promote("team-a", "production", spec(GitFixture.OVERLAY), Y, null, none()));
    // Hand pin so that X is not already pinned.
    repo.commitByHand(
        GitFixture.OVERLAY,
        repo.file(GitFixture.OVERLAY).replace("digest: " + Y, "digest: " + Y + " # hold"),
        "note");
    PushHooks.beforePush(
        workspace,
        attempt -> {
          if (attempt == 1) {
            // A person (CLI) rolls production back from X meanwhile.
            repo.commitByHand(
                GitFixture.OVERLAY,
                repo.file(GitFixture.OVERLAY) + "# rolled back\n",
                rollbackMessage("production", Y, X, pX.getName()));
          }
        });
    RevCommit before;

    Outcome outcome = promote("team-a", "production", spec(GitFixture.OVERLAY), X, null, none());

    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Refused) outcome).reason()).isEqualTo(Reasons.DIGEST_QUARANTINED);
    before = repo.head();
    assertThat(repo.file(GitFixture.OVERLAY)).doesNotContain("digest: " + X);
    assertThat(before.getFullMessage()).contains("Shipproof-Rejected-Digest: " + X);
  }

  @Test
  void aRollbackToADigestQuarantinedOnlyInGitIsRefusedAtTheTip() throws Exception {
    EnvironmentSpec env = spec(GitFixture.OVERLAY);
    landed(promote("team-a", "production", env, Y, null, none()));
    landed(promote("team-a", "production", env, X, null, none()));
    landed(promote("team-a", "production", env, Y, null, none()));
    // Rolled back from Y to X (Y quarantined), but the Environment status never recorded it.
    Outcome rb1 = rollback("team-a", "production", env, "previous", none());
    assertThat(rb1).as("%s", rb1).isInstanceOf(Outcome.Landed.class);
    assertThat(CommitMessage.trailers(repo.head().getFullMessage()))
        .containsEntry("Shipproof-Rejected-Digest", Y);
    RevCommit before = repo.head();

    Outcome rb2 = rollback("team-a", "production", env, Y, none());

    assertThat(rb2).as("%s", rb2).isInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Refused) rb2).reason()).isEqualTo(Reasons.DIGEST_QUARANTINED);
    assertThat(repo.head()).isEqualTo(before);
  }

  @Test
  void environmentsOfOneNameSharingABranchShareItsQuarantine() throws Exception {
    // Two teams share one GitOps repository and branch, each with an Environment "production"
    // in its own namespace. Trailers name the Environment, not its namespace, and a rollback
    // made outside the operator (the CLI defaults to namespace "default") cannot be told apart:
    // the safe reading is that the name is the identity in the branch (docs/concepts.md).
    repo.commitByHand(OVERLAY_B, repo.file(GitFixture.OVERLAY), "team-b overlay");
    EnvironmentSpec a = spec(GitFixture.OVERLAY);
    EnvironmentSpec b = spec(OVERLAY_B);
    landed(promote("team-a", "production", a, Y, null, none()));
    landed(promote("team-a", "production", a, X, null, none()));
    Outcome rb = rollback("team-a", "production", a, "previous", none());
    assertThat(rb).as("%s", rb).isInstanceOf(Outcome.Landed.class);
    landed(promote("team-b", "production", b, Y, null, none()));
    RevCommit before = repo.head();

    Outcome outcome = promote("team-b", "production", b, X, null, none());

    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Refused) outcome).reason()).isEqualTo(Reasons.DIGEST_QUARANTINED);
    assertThat(((Outcome.Refused) outcome).message()).contains("team-a/rb-");
    assertThat(repo.head()).isEqualTo(before);
  }

  @Test
  void anOverrideThatPushedNothingLiftsTheQuarantineForTheNextPromotion() throws Exception {
    EnvironmentSpec env = spec(GitFixture.OVERLAY);
    landed(promote("team-a", "production", env, Y, null, none()));
    landed(promote("team-a", "production", env, X, null, none()));
    Outcome rb = rollback("team-a", "production", env, "previous", none());
    assertThat(rb).isInstanceOf(Outcome.Landed.class);
    QuarantineLedger status = ledger(X);
    // Someone pins X by hand; then an override Promotion of X is applied to lift the quarantine.
    repo.commitByHand(
        GitFixture.OVERLAY,
        repo.file(GitFixture.OVERLAY).replace("digest: " + Y, "digest: " + X),
        "hotfix: back to X by hand");
    Outcome override = promote("team-a", "production", env, X, "INC fixed in config", status);
    assertThat(override).as("%s", override).isInstanceOf(Outcome.Landed.class);
    // The override is recorded in git even though the pin was already there.
    assertThat(((Outcome.Landed) override).alreadyUpToDate()).isFalse();
    assertThat(CommitMessage.trailers(repo.head().getFullMessage()))
        .containsEntry("Shipproof-Override", "INC fixed in config");
    assertThat(repo.file(GitFixture.OVERLAY)).contains("digest: " + X);
    // The operator's EnvironmentStatuses.next drops X from status.rejectedDigests.
    status = none();
    landed(promote("team-a", "production", env, Y, null, status));

    Outcome again = promote("team-a", "production", env, X, null, status);

    assertThat(again)
        .as("X was lifted by a Succeeded override Promotion, but: %s", again)
        .isInstanceOf(Outcome.Landed.class);
  }

  // ---- helpers ----

  private static QuarantineLedger none() {
    return List::of;
  }

  private static QuarantineLedger ledger(String digest) {
    RejectedDigest r = new RejectedDigest();
    r.setDigest(digest);
    r.setPromotion("team-a/rb");
    r.setCommit("0".repeat(40));
    r.setTime("2026-12-05T03:00:00Z");
    List<RejectedDigest> list = List.of(r);
    return () -> list;
  }

  private RevCommit landed(Outcome outcome) throws Exception {
    assertThat(outcome).as("%s", outcome).isInstanceOf(Outcome.Landed.class);
    return repo.head();
  }

  private Outcome promote(
      String ns,
      String envName,
      EnvironmentSpec env,
      String digest,
      String override,
      QuarantineLedger ledger)
      throws PromotionOutage {
    uids++;
    var request =
        new PromotionRequest(
                ns, "p-" + uids, "uid-" + uids, envName, env, IMAGE + "@" + digest, "test", trust)
            .withGates(override, null, null)
            .withRollback(null, ledger);
    return promoter.promote(request, Progress.NONE);
  }

  private Outcome rollback(
      String ns, String envName, EnvironmentSpec env, String to, QuarantineLedger ledger)
      throws PromotionOutage {
    uids++;
    RollbackSpec spec = new RollbackSpec();
    spec.setTo(to);
    var request =
        new PromotionRequest(
                ns, "rb-" + uids, "uid-" + uids, envName, env, null, "INC-" + uids, trust)
            .withRollback(spec, ledger);
    return promoter.promote(request, Progress.NONE);
  }

  private EnvironmentSpec spec(String path) {
    EnvironmentSpec env = GateWorld.spec(repo.url());
    TargetSpec target = env.getTargets().get(0);
    target.setPath(path);
    env.setTargets(new ArrayList<>(List.of(target)));
    return env;
  }

  private static String rollbackMessage(
      String environment, String to, String from, String revertOf) {
    ImageRef ref = ImageRef.parse(IMAGE + "@" + to);
    return CommitMessage.build(
        new PromotionInfo("team-a", "cli-rb", "cli-uid", environment, ref, "INC-9", "sig"),
        new CommitMessage.Extras(List.of(revertOf), from, null));
  }
}
