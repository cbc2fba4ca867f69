package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import dev.shipproof.promote.QuarantineLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tip guard on the history shapes a shared branch takes with the product's own quarantine rule
 * ({@link QuarantineLedger#rebuild}, exactly as {@code Quarantines.atTip} applies it).
 */
class TipGuardHistoryShapesTest {
  private static final String PATH = "apps/api/overlays/production/kustomization.yaml";
  private static final String IMAGE = "registry.example.com/payments/api";
  private static final String BAD = "sha256:" + "b".repeat(64);
  private static final String GOOD = "sha256:" + "a".repeat(64);
  private static final String OTHER = "sha256:" + "c".repeat(64);
  private static final String OVERLAY =
      "images:\n  - name: registry.example.com/payments/api\n    newTag: 1.4.2\n";

  @TempDir Path tmp;
  private TestRemote remote;
  private JgitWorkspace workspace;
  private int uids;

  @BeforeEach
  void setUp() throws Exception {
    remote = TestRemote.create(tmp, Map.of(PATH, OVERLAY));
    workspace = workspace(tmp.resolve("cache"));
  }

  private static JgitWorkspace workspace(Path cache) {
    return new JgitWorkspace(
        cache, Clock.fixed(Instant.parse("2026-12-05T03:00:00Z"), ZoneOffset.UTC), d -> {}, null);
  }

  @AfterEach
  void tearDown() {
    remote.close();
  }

  // ---- races --------------------------------------------------------------------------------

  @Test
  void aRollbackLandingDuringThePushRaceIsHonoured() throws Exception {
    RevCommit pBad = remote.commit(pin(BAD), promoteMessage("production", BAD));
    remote.commit(pin(OTHER), promoteMessage("production", OTHER));
    workspace.beforePush(
        attempt -> {
          if (attempt == 1) {
            remote.commit(pin(GOOD), rollbackMessage("production", GOOD, BAD, pBad.name()));
          }
        });

    PublishOutcome outcome = workspace.publish(request(BAD, "production"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
    assertThat(((PublishOutcome.Refused) outcome).reason()).isEqualTo(Reasons.DIGEST_QUARANTINED);
    assertThat(remote.read(PATH)).contains("digest: " + GOOD);
  }

  @Test
  void aRollbackRecordedOnlyByRevertOfLandingDuringThePushRaceIsHonoured() throws Exception {
    RevCommit pBad = remote.commit(pin(BAD), promoteMessage("production", BAD));
    remote.commit(pin(OTHER), "pinned by hand");
    workspace.beforePush(
        attempt -> {
          if (attempt == 1) {
            remote.commit(pin(GOOD), rollbackMessage("production", GOOD, null, pBad.name()));
          }
        });

    PublishOutcome outcome = workspace.publish(request(BAD, "production"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
    assertThat(remote.read(PATH)).contains("digest: " + GOOD);
  }

  @Test
  void anOverrideLandingAfterTheCacheRememberedTheRollbackLiftsTheQuarantine() throws Exception {
    RevCommit pBad = remote.commit(pin(BAD), promoteMessage("production", BAD));
    remote.commit(pin(GOOD), rollbackMessage("production", GOOD, BAD, pBad.name()));
    assertThat(workspace.publish(request(BAD, "production")))
        .isInstanceOf(PublishOutcome.Refused.class);
    // Someone lifts the quarantine with an override (CLI), then moves on to another digest.
    remote.commit(pin(BAD), overrideMessage("production", BAD, "INC fixed"));
    remote.commit(pin(OTHER), promoteMessage("production", OTHER));

    PublishOutcome outcome = workspace.publish(request(BAD, "production"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(remote.read(PATH)).contains("digest: " + BAD);
  }

  // ---- merges (first parent) ----------------------------------------------------------------

  @Test
  void aRollbackMergedInAsTheSecondParentByAStaleCloneStillQuarantines() throws Exception {
    RevCommit pBad = remote.commit(pin(BAD), promoteMessage("production", BAD));
    remote.commit(pin(GOOD), rollbackMessage("production", GOOD, BAD, pBad.name()));
    // A person's clone was at pBad; they commit a doc change and `git pull` (merge): the
    // rollback is now the merge's second parent. The tip still pins GOOD (the rollback is live).
    remote.commitBesideTipAndMerge(Map.of("README.md", "docs\n"), "docs");
    assertThat(remote.read(PATH)).contains("digest: " + GOOD);

    PublishOutcome outcome = workspace.publish(request(BAD, "production"));

    assertThat(outcome)
        .as("re-pinning %s would undo the live rollback that rejected it", BAD)
        .isInstanceOf(PublishOutcome.Refused.class);
    assertThat(remote.read(PATH)).contains("digest: " + GOOD);
  }

  @Test
  void aRollbackMergedFromAPullRequestBranchStillQuarantines() throws Exception {
    RevCommit pBad = remote.commit(pin(BAD), promoteMessage("production", BAD));
    try (Git person = personClone("pr")) {
      // The on-call engineer rolls back on a branch and opens a pull request ...
      person.checkout().setCreateBranch(true).setName("rollback").call();
      write(person, PATH, OVERLAY.replace("newTag: 1.4.2", "digest: " + GOOD));
      commit(person, rollbackMessage("production", GOOD, BAD, pBad.name()));
      // ... meanwhile main moves on (an unrelated change), and the PR is merged with a merge
      // commit: main's old line is the first parent, the rollback the second.
      remote.commit(Map.of("README.md", "docs\n"), "docs");
      person.fetch().call();
      person.checkout().setName("main").call();
      person.reset().setMode(ResetCommand.ResetType.HARD).setRef("refs/remotes/origin/main").call();
      var merged =
          person
              .merge()
              .include(person.getRepository().resolve("refs/heads/rollback"))
              .setFastForward(MergeCommand.FastForwardMode.NO_FF)
              .setMessage("Merge pull request #7 from oncall/rollback")
              .call();
      assertThat(merged.getMergeStatus().isSuccessful()).isTrue();
      push(person, false);
    }
    assertThat(remote.read(PATH)).contains("digest: " + GOOD);

    PublishOutcome outcome = workspace.publish(request(BAD, "production"));

    assertThat(outcome)
        .as("re-pinning %s would undo the rollback merged from a pull request", BAD)
        .isInstanceOf(PublishOutcome.Refused.class);
    assertThat(remote.read(PATH)).contains("digest: " + GOOD);
  }

  // ---- rewritten, deleted and recreated branches --------------------------------------------

  @Test
  void aBranchForcePushedToAnUnrelatedHistoryWithARollbackIsReadInFull() throws Exception {
    remote.commit(pin(OTHER), promoteMessage("production", OTHER));
    // Prime the cache on a clean history.
    assertThat(workspace.publish(request(GOOD, "production")))
        .isInstanceOf(PublishOutcome.Pushed.class);
    try (Git person = personClone("rewrite")) {
      person.checkout().setOrphan(true).setName("fresh").call();
      write(person, PATH, OVERLAY.replace("newTag: 1.4.2", "digest: " + BAD));
      RevCommit p = commit(person, promoteMessage("production", BAD));
      write(person, PATH, OVERLAY.replace("newTag: 1.4.2", "digest: " + GOOD));
      commit(person, rollbackMessage("production", GOOD, BAD, p.name()));
      write(person, PATH, OVERLAY.replace("newTag: 1.4.2", "digest: " + OTHER));
      commit(person, "pin by hand");
      push(person, true);
    }

    PublishOutcome outcome = workspace.publish(request(BAD, "production"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
  }

  @Test
  void aRollbackRewrittenAwayNoLongerBlocksAtTheTipAfterTheCacheRememberedIt() throws Exception {
    RevCommit pBad = remote.commit(pin(BAD), promoteMessage("production", BAD));
    remote.commit(pin(GOOD), rollbackMessage("production", GOOD, BAD, pBad.name()));
    assertThat(workspace.publish(request(BAD, "production")))
        .isInstanceOf(PublishOutcome.Refused.class);
    try (Git person = personClone("rewind")) {
      person.reset().setMode(ResetCommand.ResetType.HARD).setRef(pBad.name() + "~1").call();
      write(person, PATH, OVERLAY.replace("newTag: 1.4.2", "digest: " + OTHER));
      commit(person, "pin by hand");
      push(person, true);
    }

    // A fresh read of the rewritten tip sees no rollback; the cached one must agree.
    ObjectId tip = remote.tip();
    try (Git clone = Git.open(workspaceClone().toFile())) {
      clone
          .fetch()
          .setRemote(remote.url)
          .setRefSpecs(new RefSpec("+refs/heads/main:refs/attack/main"))
          .call();
      assertThat(
              workspace
                  .tipHistories()
                  .at(clone.getRepository(), workspaceClone(), tip, "production", 10_000))
          .isEqualTo(
              new TipHistories()
                  .at(clone.getRepository(), Path.of("fresh"), tip, "production", 10_000));
    }
    assertThat(workspace.publish(request(BAD, "production")))
        .isInstanceOf(PublishOutcome.Pushed.class);
  }

  @Test
  void aBranchDeletedAndRecreatedOnTheRollbackIsReadAgain() throws Exception {
    RevCommit pBad = remote.commit(pin(BAD), promoteMessage("production", BAD));
    RevCommit rb = remote.commit(pin(GOOD), rollbackMessage("production", GOOD, BAD, pBad.name()));
    remote.commit(pin(OTHER), "pin by hand");
    // Prime the cache: the tip guard accepted GOOD on a tip past the rollback.
    assertThat(workspace.publish(request(GOOD, "production")))
        .isInstanceOf(PublishOutcome.Pushed.class);
    try (Repository bare = Git.open(remote.bare.toFile()).getRepository()) {
      RefUpdate del = bare.updateRef("refs/heads/main");
      del.setForceUpdate(true);
      assertThat(del.delete()).isIn(RefUpdate.Result.FORCED, RefUpdate.Result.NO_CHANGE);
      assertThat(workspace.publish(request(BAD, "production")))
          .isInstanceOf(PublishOutcome.Refused.class)
          .extracting(o -> ((PublishOutcome.Refused) o).reason())
          .isEqualTo(Reasons.TARGET_NOT_FOUND);
      RefUpdate create = bare.updateRef("refs/heads/main");
      create.setNewObjectId(rb);
      create.setForceUpdate(true);
      create.update();
    }
    // The branch is back, at the rollback itself; the write would go on top of it.
    workspace.beforePush(attempt -> {});
    try (Git person = personClone("recreate")) {
      write(person, PATH, OVERLAY.replace("newTag: 1.4.2", "digest: " + OTHER));
      commit(person, "pin by hand");
      push(person, false);
    }

    PublishOutcome outcome = workspace.publish(request(BAD, "production"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
    assertThat(((PublishOutcome.Refused) outcome).reason()).isEqualTo(Reasons.DIGEST_QUARANTINED);
  }

  // ---- environments and clones ---------------------------------------------------------------

  @Test
  void aRollbackOfAnotherEnvironmentInTheSameBranchDoesNotBlockButItsOwnDoes() throws Exception {
    RevCommit sBad = remote.commit(Map.of("staging.txt", "bad\n"), promoteMessage("staging", BAD));
    remote.commit(
        Map.of("staging.txt", "good\n"), rollbackMessage("staging", GOOD, BAD, sBad.name()));

    assertThat(workspace.publish(request(BAD, "production")))
        .isInstanceOf(PublishOutcome.Pushed.class);
    // Same clone, cache primed by production; now production rolls back from BAD.
    remote.commit(pin(GOOD), rollbackMessage("production", GOOD, BAD, remote.tip().name()));
    // And staging promotes BAD with an override: it must not lift production's quarantine.
    remote.commit(Map.of("staging.txt", "bad\n"), overrideMessage("staging", BAD, "staging ok"));
    remote.commit(pin(OTHER), "pin by hand");

    PublishOutcome outcome = workspace.publish(request(BAD, "production"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
  }

  @Test
  void twoWorkspacesOnOneCacheDirSeeEachOthersRollbacks() throws Exception {
    JgitWorkspace second = workspace(tmp.resolve("cache"));
    assertThat(workspace.publish(request(OTHER, "production")))
        .isInstanceOf(PublishOutcome.Pushed.class);
    String current = remote.tip().name();
    // The second instance (another operator replica on the same volume) pushes a rollback.
    PublishRequest rollback =
        new PublishRequest(
            remote.url,
            TestRemote.BRANCH,
            "Shipproof",
            "shipproof@example.com",
            List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
            ImageRef.parse(IMAGE + "@" + GOOD),
            rollbackMessage("production", GOOD, OTHER, current),
            "rb-uid");
    assertThat(second.publish(rollback)).isInstanceOf(PublishOutcome.Pushed.class);

    PublishOutcome outcome = workspace.publish(request(OTHER, "production"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
    assertThat(remote.read(PATH)).contains("digest: " + GOOD);
  }

  // ---- the incremental cache against fresh reads ---------------------------------------------

  @Test
  void theCacheEqualsAFreshReadAtTheHistoryLimitBoundary() throws Exception {
    try (Git git = Git.init().setDirectory(tmp.resolve("work").toFile()).call()) {
      TipHistories histories = new TipHistories();
      Path key = tmp.resolve("work");
      int limit = 5;
      commit(git, promoteMessage("production", BAD));
      commit(git, rollbackMessage("production", GOOD, BAD, "0".repeat(40)));
      for (int i = 0; i < 8; i++) {
        commit(git, "by hand " + i);
        ObjectId tip = git.getRepository().resolve("HEAD");
        List<HistoryEntry> cached =
            histories.at(git.getRepository(), key, tip, "production", limit);
        List<HistoryEntry> fresh =
            new TipHistories().at(git.getRepository(), Path.of("f"), tip, "production", limit);
        assertThat(cached).as("after %d hand commits", i + 1).isEqualTo(fresh);
        assertThat(quarantined(cached, BAD)).isEqualTo(i + 1 < limit);
      }
    }
  }

  @Test
  void anIncrementalReadEqualsAFreshOneThroughMergesAndForcePushes() throws Exception {
    incrementalEqualsFresh(new Random(4242L), () -> new PersonIdent("On Call", "oc@example.com"));
  }

  @Test
  void anIncrementalReadEqualsAFreshOneWhenCommittersClocksDisagree() throws Exception {
    // Every commit and merge stamped up to 20 minutes either side of a fixed time, so parents are
    // often "newer" than their children and side lines interleave with the main line.
    Random random = new Random(777L);
    java.time.Instant base = java.time.Instant.parse("2026-12-04T10:00:00Z");
    incrementalEqualsFresh(
        random,
        () ->
            new PersonIdent(
                "On Call",
                "oc@example.com",
                base.plusSeconds(random.nextInt(2400) - 1200),
                java.time.ZoneOffset.UTC));
  }

  /** Rounds of commits, merges and force pushes, each read incrementally and afresh. */
  private void incrementalEqualsFresh(Random random, java.util.function.Supplier<PersonIdent> who)
      throws Exception {
    try (Git git = Git.init().setDirectory(tmp.resolve("work").toFile()).call()) {
      TipHistories histories = new TipHistories();
      Path key = tmp.resolve("work");
      commit(git, "root", who.get());
      List<ObjectId> seen = new ArrayList<>();
      for (int round = 0; round < 80; round++) {
        int action = random.nextInt(6);
        ObjectId head = git.getRepository().resolve("HEAD");
        if (action == 0 && !seen.isEmpty()) {
          // Force-push back to any earlier tip (also one not on the first-parent line).
          ObjectId back = seen.get(random.nextInt(seen.size()));
          git.reset().setMode(ResetCommand.ResetType.HARD).setRef(back.name()).call();
        } else if (action == 1 && seen.size() > 2) {
          // Foxtrot: commit on an older tip, then merge the current head in as second parent.
          ObjectId base = seen.get(random.nextInt(seen.size()));
          git.reset().setMode(ResetCommand.ResetType.HARD).setRef(base.name()).call();
          commit(git, entry(random, round), who.get());
          mergeInto(git, head, who.get());
        } else if (action == 2 && seen.size() > 2) {
          // Normal merge: a side line from an older tip merged into the head.
          ObjectId base = seen.get(random.nextInt(seen.size()));
          git.reset().setMode(ResetCommand.ResetType.HARD).setRef(base.name()).call();
          commit(git, entry(random, round), who.get());
          ObjectId side = git.getRepository().resolve("HEAD");
          git.reset().setMode(ResetCommand.ResetType.HARD).setRef(head.name()).call();
          mergeInto(git, side, who.get());
        } else {
          for (int i = 0; i < 1 + random.nextInt(4); i++) {
            commit(git, entry(random, round * 10 + i), who.get());
          }
        }
        ObjectId tip = git.getRepository().resolve("HEAD");
        seen.add(tip);
        for (int limit : List.of(3, 7)) {
          for (String env : List.of("production", "staging")) {
            assertThat(histories.at(git.getRepository(), key, tip, env, limit))
                .as("round %d, %s, limit %d", round, env, limit)
                .isEqualTo(
                    new TipHistories().at(git.getRepository(), Path.of("f"), tip, env, limit));
          }
        }
      }
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static boolean quarantined(List<HistoryEntry> entries, String digest) {
    return QuarantineLedger.rebuild(entries).stream().anyMatch(r -> digest.equals(r.getDigest()));
  }

  private static String entry(Random random, int n) {
    String env = random.nextBoolean() ? "production" : "staging";
    return switch (random.nextInt(4)) {
      case 0 -> "by hand " + n;
      case 1 -> rollbackMessage(env, GOOD, BAD, "0".repeat(40));
      case 2 -> overrideMessage(env, BAD, "ok " + n);
      default -> promoteMessage(env, BAD);
    };
  }

  private static void mergeInto(Git git, ObjectId other) throws Exception {
    mergeInto(git, other, new PersonIdent("Merger", "m@example.com"));
  }

  private static void mergeInto(Git git, ObjectId other, PersonIdent who) throws Exception {
    var result =
        git.merge()
            .include(other)
            .setFastForward(MergeCommand.FastForwardMode.NO_FF)
            .setCommit(false)
            .call();
    assertThat(result.getMergeStatus().isSuccessful()).as(result.toString()).isTrue();
    git.commit().setMessage("merge").setAuthor(who).setCommitter(who).setSign(false).call();
  }

  /** The real rule, as Quarantines.atTip applies it. */
  private static TipGuard guard(String environment, String digest) {
    return new TipGuard(
        environment,
        10_000,
        entries ->
            quarantined(entries, digest)
                ? Optional.of(
                    new PublishOutcome.Refused(Reasons.DIGEST_QUARANTINED, digest + " quarantined"))
                : Optional.empty());
  }

  private PublishRequest request(String digest, String environment) {
    ImageRef pinned = ImageRef.parse(IMAGE + "@" + digest);
    uids++;
    var info =
        new PromotionInfo(
            "payments", "api-" + uids, "uid-" + uids, environment, pinned, "Release", "sig");
    return new PublishRequest(
            remote.url,
            TestRemote.BRANCH,
            "Shipproof",
            "shipproof@example.com",
            List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
            pinned,
            CommitMessage.build(info),
            "uid-" + uids)
        .withGuard(guard(environment, digest));
  }

  private Path workspaceClone() {
    return workspace.clones().dirFor(remote.url, TestRemote.BRANCH);
  }

  private static Map<String, String> pin(String digest) {
    return Map.of(PATH, OVERLAY.replace("newTag: 1.4.2", "digest: " + digest));
  }

  private Git personClone(String name) throws Exception {
    return Git.cloneRepository().setURI(remote.url).setDirectory(tmp.resolve(name).toFile()).call();
  }

  private static void write(Git git, String path, String text) throws Exception {
    Path file = git.getRepository().getWorkTree().toPath().resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    git.add().addFilepattern(path).call();
  }

  private static RevCommit commit(Git git, String message) throws Exception {
    return commit(git, message, new PersonIdent("On Call", "oncall@example.com"));
  }

  private static RevCommit commit(Git git, String message, PersonIdent who) throws Exception {
    return git.commit()
        .setAllowEmpty(true)
        .setMessage(message)
        .setAuthor(who)
        .setCommitter(who)
        .setSign(false)
        .call();
  }

  private static void push(Git git, boolean force) throws Exception {
    for (PushResult r :
        git.push().setForce(force).setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call()) {
      for (RemoteRefUpdate u : r.getRemoteUpdates()) {
        assertThat(u.getStatus()).isIn(RemoteRefUpdate.Status.OK);
      }
    }
  }

  private static String promoteMessage(String environment, String digest) {
    ImageRef ref = ImageRef.parse(IMAGE + "@" + digest);
    return CommitMessage.build(
        new PromotionInfo("payments", "p", "p-uid", environment, ref, "release", "sig"));
  }

  private static String overrideMessage(String environment, String digest, String why) {
    ImageRef ref = ImageRef.parse(IMAGE + "@" + digest);
    return CommitMessage.build(
        new PromotionInfo("payments", "o", "o-uid", environment, ref, "release", "sig"),
        new CommitMessage.Extras(List.of(), null, why));
  }

  private static String rollbackMessage(
      String environment, String to, String from, String revertOf) {
    ImageRef ref = ImageRef.parse(IMAGE + "@" + to);
    return CommitMessage.build(
        new PromotionInfo("payments", "rb", "rb-uid", environment, ref, "INC-1", "sig"),
        new CommitMessage.Extras(List.of(revertOf), from, null));
  }
}
