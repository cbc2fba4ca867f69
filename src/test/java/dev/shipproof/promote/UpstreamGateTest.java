package dev.shipproof.promote;

import static dev.shipproof.promote.GateWorld.INDEX;
import static dev.shipproof.promote.GateWorld.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.GitAccess;
import dev.shipproof.gitops.GitException;
import dev.shipproof.gitops.GitHistory;
import dev.shipproof.gitops.HistoryCommit;
import dev.shipproof.gitops.JgitHistory;
import dev.shipproof.testing.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upstream gate and soak against real bare repositories and the fixture layout. */
class UpstreamGateTest {
  @TempDir Path dir;
  GateWorld world;

  @BeforeEach
  void setUp() throws Exception {
    world = new GateWorld(dir);
  }

  @Test
  void refusesADigestNotPromotedUpstreamThenAllowsItOnceItLandedThere() throws Exception {
    Outcome before = world.toProduction(world.productionSpec(null, false), SINGLE, null);

    assertThat(before).isInstanceOf(Outcome.Refused.class);
    Outcome.Refused refused = (Outcome.Refused) before;
    assertThat(refused.reason()).isEqualTo("UpstreamNotPromoted");
    assertThat(refused.stage()).isEqualTo(Outcome.Stage.GATE);
    assertThat(refused.message()).contains("staging").contains("promote it there first");
    assertThat(refused.evidence()).isNotEmpty();
    assertThat(world.production.file(GitFixture.OVERLAY)).doesNotContain(SINGLE);

    assertThat(world.toStaging(SINGLE)).isInstanceOf(Outcome.Landed.class);
    Outcome after = world.toProduction(world.productionSpec(null, false), SINGLE, null);

    assertThat(after).isInstanceOf(Outcome.Landed.class);
    assertThat(world.production.file(GitFixture.OVERLAY)).contains("digest: " + SINGLE);
    assertThat(world.steps)
        .anyMatch(s -> s.startsWith("upstream: ") && s.contains("landed in staging"));
  }

  @Test
  void refusesADigestTheUpstreamReplacedSinceUnlessRolledBackDigestsAreAllowed() throws Exception {
    world.toStaging(SINGLE);
    world.toStaging(INDEX);

    Outcome strict = world.toProduction(world.productionSpec(null, false), SINGLE, null);
    Outcome lenient = world.toProduction(world.productionSpec(null, true), SINGLE, null);

    assertThat(strict).isInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Refused) strict).reason()).isEqualTo("UpstreamNotPinned");
    assertThat(strict.message()).contains("replaced it with sha256:bff91d6a78b5");
    assertThat(lenient).isInstanceOf(Outcome.Landed.class);
  }

  @Test
  void refusesADigestWhoseUpstreamCommitWasReverted() throws Exception {
    world.toStaging(SINGLE);
    String landing = world.staging.head().name();
    commitTo(
        world.staging,
        "revert\n\nShipproof-Environment: staging\nShipproof-Revert-Of: " + landing + "\n");

    Outcome outcome = world.toProduction(world.productionSpec(null, false), SINGLE, null);

    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Refused) outcome).reason()).isEqualTo("UpstreamNotPinned");
    assertThat(outcome.message()).contains("reverted it");
  }

  @Test
  void refusesADigestWhoseUpstreamRevertCameInAsAMergesSecondParent() throws Exception {
    world.toStaging(SINGLE);
    String landing = world.staging.head().name();
    // The revert was made on a branch (a pull request) and merged after main moved on: it is the
    // merge's second parent, and the first-parent line goes merge, docs, landing.
    world.staging.mergeSideCommit(
        "revert\n\nShipproof-Environment: staging\nShipproof-Revert-Of: " + landing + "\n");

    Outcome outcome = world.toProduction(world.productionSpec(null, false), SINGLE, null);

    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Refused) outcome).reason()).isEqualTo("UpstreamNotPinned");
    assertThat(outcome.message()).contains("reverted it");
  }

  @Test
  void aDigestLandedAgainAfterBeingReplacedIsPinnedAgain() throws Exception {
    world.toStaging(SINGLE);
    world.toStaging(INDEX);
    world.toStaging(SINGLE);

    Outcome outcome = world.toProduction(world.productionSpec(null, false), SINGLE, null);

    assertThat(outcome).isInstanceOf(Outcome.Landed.class);
  }

  @Test
  void waitsUntilTheMinimumSoakHasPassedThenLands() throws Exception {
    world.toStaging(SINGLE);
    Instant landed = world.clock.instant();
    world.clock.advance(Duration.ofMinutes(30));

    Outcome early = world.toProduction(world.productionSpec("1h30m", false), SINGLE, null);

    assertThat(early).isInstanceOf(Outcome.Waiting.class);
    Outcome.Waiting waiting = (Outcome.Waiting) early;
    assertThat(waiting.reason()).isEqualTo("SoakIncomplete");
    assertThat(waiting.notBefore()).isEqualTo(landed.plus(Duration.ofMinutes(90)));
    assertThat(waiting.message()).contains("1h left");
    assertThat(world.production.file(GitFixture.OVERLAY)).doesNotContain(SINGLE);

    world.clock.advance(Duration.ofHours(1));
    Outcome late = world.toProduction(world.productionSpec("1h30m", false), SINGLE, null);

    assertThat(late).isInstanceOf(Outcome.Landed.class);
    assertThat(world.steps).anyMatch(s -> s.contains("soaked there for 1h30m"));
  }

  @Test
  void anOverrideBypassesTheGateAndIsRecordedInTheCommit() throws Exception {
    Outcome outcome =
        world.toProduction(world.productionSpec("2h", false), SINGLE, "INC-4711 hotfix");

    assertThat(outcome).isInstanceOf(Outcome.Landed.class);
    String message = world.production.head().getFullMessage();
    assertThat(CommitMessage.trailers(message))
        .containsEntry(CommitMessage.OVERRIDE, "INC-4711 hotfix")
        .containsEntry(CommitMessage.DIGEST, SINGLE);
  }

  @Test
  void aMissingUpstreamEnvironmentIsWaitedFor() {
    var request =
        new PromotionRequest(
            "payments",
            "p",
            "uid",
            "production",
            world.productionSpec(null, false),
            GateWorld.IMAGE + "@" + SINGLE,
            null,
            world.trust);

    assertThatThrownBy(() -> world.promoter.promote(request, Progress.NONE))
        .isInstanceOfSatisfying(
            PromotionOutage.class,
            e -> {
              assertThat(e.reason()).isEqualTo("UpstreamEnvironmentNotFound");
              assertThat(e.getMessage()).contains("staging");
            });
  }

  @Test
  void refusesAnUnreadableMinimumSoakBeforeFetchingAnything() throws Exception {
    Outcome outcome = world.toProduction(world.productionSpec("soon", false), SINGLE, null);

    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Refused) outcome).reason()).isEqualTo("InvalidEnvironment");
    assertThat(outcome.message()).contains("minSoak");
  }

  @Test
  void usesTheUpstreamStatusForALandingOutsideTheSearchedHistory() throws Exception {
    world.toStaging(SINGLE);
    String landing = world.staging.head().name();
    commitTo(world.staging, "docs: a hand-made commit on top\n");
    JgitHistory real = new JgitHistory(dir.resolve("cache2"));
    GitHistory shallow =
        new GitHistory() {
          @Override
          public List<HistoryCommit> read(String url, String branch, GitAccess access, int depth)
              throws GitException {
            return real.read(url, branch, access, 1);
          }

          @Override
          public Optional<HistoryCommit> onBranch(String url, String branch, String sha)
              throws GitException {
            return real.onBranch(url, branch, sha);
          }
        };
    var gate = new UpstreamGate(shallow, world.clock, SoakStart.COMMIT_TIME);
    var spec = world.productionSpec(null, false).getUpstream();
    var status = new EnvironmentStatus();
    status.setCurrentDigest(SINGLE);
    status.setCurrentCommit(landing);

    var withStatus =
        gate.check(spec, new UpstreamRecord("staging", world.stagingSpec(), status), SINGLE);
    var without =
        gate.check(spec, new UpstreamRecord("staging", world.stagingSpec(), null), SINGLE);

    assertThat(withStatus).isInstanceOf(UpstreamGate.Result.Passed.class);
    assertThat(without).isInstanceOf(UpstreamGate.Result.Refused.class);
  }

  private static void commitTo(GitFixture repo, String message) throws Exception {
    Path work = Files.createTempDirectory("gate-commit-");
    try (Git git = Git.cloneRepository().setURI(repo.url()).setDirectory(work.toFile()).call()) {
      Files.writeString(work.resolve("NOTE"), message, StandardCharsets.UTF_8);
      git.add().addFilepattern("NOTE").call();
      PersonIdent who = new PersonIdent("Ops", "ops@example.com");
      git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
      git.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    }
  }
}
