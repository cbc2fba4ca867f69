package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last check a write makes on the tip it commits on, and the per-clone memory of each
 * environment's commits that keeps that check from re-reading the whole history on every publish.
 */
class TipGuardTest {
  private static final String PATH = "apps/api/overlays/production/kustomization.yaml";
  private static final String IMAGE = "registry.example.com/payments/api";
  private static final String BAD = "sha256:" + "b".repeat(64);
  private static final String GOOD = "sha256:" + "a".repeat(64);
  private static final String OVERLAY =
      "images:\n  - name: registry.example.com/payments/api\n    newTag: 1.4.2\n";

  @TempDir Path tmp;
  private TestRemote remote;
  private final List<Duration> sleeps = new ArrayList<>();
  private JgitWorkspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    remote = TestRemote.create(tmp, Map.of(PATH, OVERLAY));
    workspace =
        new JgitWorkspace(
            tmp.resolve("cache"),
            Clock.fixed(Instant.parse("2026-12-05T03:00:00Z"), ZoneOffset.UTC),
            sleeps::add,
            null);
  }

  @AfterEach
  void tearDown() {
    remote.close();
  }

  @Test
  void aRollbackPushedWhileTheWriteWasUnderWayIsSeenOnTheTipTheRetryCommitsOn() throws Exception {
    List<String> outside = new ArrayList<>();
    workspace.beforePush(
        attempt -> {
          if (attempt == 1) {
            // Someone else (the CLI, a person) rolls production back from BAD meanwhile.
            outside.add(
                remote
                    .commit(
                        Map.of(PATH, OVERLAY.replace("newTag: 1.4.2", "digest: " + GOOD)),
                        rollbackMessage("production", GOOD, BAD))
                    .name());
          }
        });
    List<List<HistoryEntry>> seen = new ArrayList<>();

    PublishOutcome outcome =
        workspace.publish(request(BAD).withGuard(refusingRejected("production", BAD, seen)));

    assertThat(outcome)
        .isEqualTo(new PublishOutcome.Refused(Reasons.DIGEST_QUARANTINED, "rolled back from it"));
    assertThat(remote.tip().name()).isEqualTo(outside.get(0));
    assertThat(remote.read(PATH)).contains("digest: " + GOOD);
    // Asked twice: on the first tip (let through), then on the tip the race left.
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isEmpty();
    assertThat(seen.get(1)).extracting(HistoryEntry::commit).containsExactly(outside.get(0));
  }

  @Test
  void aGuardThatLetsTheWriteThroughChangesNothingAboutIt() throws Exception {
    remote.commit(Map.of("other.txt", "x\n"), rollbackMessage("staging", GOOD, BAD));

    PublishOutcome outcome =
        workspace.publish(
            request(BAD).withGuard(refusingRejected("production", BAD, new ArrayList<>())));

    assertThat(outcome).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(remote.read(PATH)).contains("digest: " + BAD);
  }

  @Test
  void aDigestRePinnedByHandAfterARollbackIsRefusedNotReportedAlreadyPinned() throws Exception {
    remote.commit(Map.of("other.txt", "x\n"), rollbackMessage("production", GOOD, BAD));
    remote.commit(
        Map.of(PATH, OVERLAY.replace("newTag: 1.4.2", "digest: " + BAD)), "pinned by hand");
    RevCommit before = remote.log().get(0);

    PublishOutcome outcome =
        workspace.publish(
            request(BAD).withGuard(refusingRejected("production", BAD, new ArrayList<>())));

    assertThat(outcome)
        .isEqualTo(new PublishOutcome.Refused(Reasons.DIGEST_QUARANTINED, "rolled back from it"));
    assertThat(remote.log().get(0)).isEqualTo(before);
  }

  @Test
  void aDigestAlreadyPinnedAndNotQuarantinedIsAlreadyUpToDate() throws Exception {
    remote.commit(
        Map.of(PATH, OVERLAY.replace("newTag: 1.4.2", "digest: " + BAD)), "pinned by hand");
    List<List<HistoryEntry>> seen = new ArrayList<>();

    PublishOutcome outcome =
        workspace.publish(request(BAD).withGuard(refusingRejected("production", BAD, seen)));

    assertThat(outcome).isInstanceOf(PublishOutcome.AlreadyUpToDate.class);
    assertThat(seen).hasSize(1);
  }

  @Test
  void readsOnlyTheCommitsPushedSinceTheLastReadOfTheSameClone() throws Exception {
    try (Git git = Git.init().setDirectory(tmp.resolve("work").toFile()).call()) {
      TipHistories histories = new TipHistories();
      Path key = tmp.resolve("work");
      for (int i = 0; i < 40; i++) {
        commit(git, i % 3 == 0 ? promoteMessage("production", i) : "by hand " + i);
      }
      ObjectId first = head(git);
      List<HistoryEntry> atFirst = histories.at(git.getRepository(), key, first, "production", 100);
      long afterFirst = histories.parsed();
      for (int i = 40; i < 45; i++) {
        commit(git, promoteMessage("production", i));
      }

      List<HistoryEntry> atSecond =
          histories.at(git.getRepository(), key, head(git), "production", 100);

      assertThat(afterFirst).isEqualTo(40);
      assertThat(histories.parsed() - afterFirst).isEqualTo(5);
      assertThat(atFirst).hasSize(14);
      assertThat(atSecond)
          .isEqualTo(fresh(git, head(git), "production", 100))
          .hasSize(19)
          .startsWith(atSecond.get(0))
          .endsWith(atFirst.get(atFirst.size() - 1));
      assertThat(histories.at(git.getRepository(), key, head(git), "production", 100))
          .isEqualTo(atSecond);
      assertThat(histories.parsed() - afterFirst).isEqualTo(5);
    }
  }

  @Test
  void anIncrementalReadEqualsAFreshOneWhateverTheBranchDid() throws Exception {
    Random random = new Random(20261205L);
    try (Git git = Git.init().setDirectory(tmp.resolve("work").toFile()).call()) {
      TipHistories histories = new TipHistories();
      Path key = tmp.resolve("work");
      int limit = 12;
      int n = 0;
      int length = 0;
      for (int round = 0; round < 60; round++) {
        int action = random.nextInt(10);
        if (action == 0 && length > 3) {
          // Rewritten: the branch goes back a few commits and grows a new line.
          int back = 1 + random.nextInt(3);
          git.reset().setMode(ResetCommand.ResetType.HARD).setRef("HEAD~" + back).call();
          length -= back;
        }
        int commits = 1 + random.nextInt(action == 9 ? 20 : 4);
        for (int i = 0; i < commits; i++, n++, length++) {
          String env = random.nextBoolean() ? "production" : "staging";
          commit(
              git,
              switch (random.nextInt(4)) {
                case 0 -> "by hand " + n;
                case 1 -> rollbackMessage(env, GOOD, BAD);
                default -> promoteMessage(env, n);
              });
        }
        ObjectId tip = head(git);
        for (String env : List.of("production", "staging")) {
          assertThat(histories.at(git.getRepository(), key, tip, env, limit))
              .as("round %d, %s", round, env)
              .isEqualTo(fresh(git, tip, env, limit));
        }
      }
    }
  }

  @Test
  void commitsPushedInTheSameSecondOnOneLineAreStillReadIncrementally() throws Exception {
    try (Git git = Git.init().setDirectory(tmp.resolve("work").toFile()).call()) {
      TipHistories histories = new TipHistories();
      Path key = tmp.resolve("work");
      Instant second = Instant.parse("2026-12-01T10:00:00Z");
      for (int i = 0; i < 10; i++) {
        commit(git, promoteMessage("production", i), second);
      }
      histories.at(git.getRepository(), key, head(git), "production", 100);
      long afterFirst = histories.parsed();
      for (int i = 10; i < 13; i++) {
        commit(git, promoteMessage("production", i), second);
      }

      List<HistoryEntry> warm =
          histories.at(git.getRepository(), key, head(git), "production", 100);

      assertThat(histories.parsed() - afterFirst).isEqualTo(3);
      assertThat(warm).isEqualTo(fresh(git, head(git), "production", 100)).hasSize(13);
    }
  }

  @Test
  void aMergeBringingInOlderCommitsIsReadAsAFreshReadWouldOrderIt() throws Exception {
    try (Git git =
        Git.init().setInitialBranch("main").setDirectory(tmp.resolve("work").toFile()).call()) {
      TipHistories histories = new TipHistories();
      Path key = tmp.resolve("work");
      Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
      commit(git, promoteMessage("production", 1), t0);
      ObjectId base = head(git);
      // On a side branch at 10:05: a rollback of BAD (made by hand or the CLI).
      git.checkout().setCreateBranch(true).setName("side").call();
      commit(git, rollbackMessage("production", GOOD, BAD), t0.plusSeconds(300));
      ObjectId side = head(git);
      // On main at 10:10: an override that lifts BAD; the cache remembers main's tip.
      git.checkout().setName("main").call();
      commit(git, overrideMessage("production", BAD), t0.plusSeconds(600));
      histories.at(git.getRepository(), key, head(git), "production", 100);
      // Merged later: the older-dated rollback arrives behind the override.
      git.merge()
          .include(side)
          .setFastForward(org.eclipse.jgit.api.MergeCommand.FastForwardMode.NO_FF)
          .setMessage("merge side")
          .call();

      List<HistoryEntry> warm =
          histories.at(git.getRepository(), key, head(git), "production", 100);

      assertThat(warm).isEqualTo(fresh(git, head(git), "production", 100));
      assertThat(warm).extracting(HistoryEntry::override).first().isEqualTo("INC fixed");
      assertThat(base).isNotNull();
    }
  }

  private static List<HistoryEntry> fresh(Git git, ObjectId tip, String env, int limit)
      throws Exception {
    return new TipHistories().at(git.getRepository(), Path.of("fresh"), tip, env, limit);
  }

  private static ObjectId head(Git git) throws Exception {
    return git.getRepository().resolve("HEAD");
  }

  /** Commit times one minute apart, as commits pushed one after another have. */
  private Instant clock = Instant.parse("2026-12-01T00:00:00Z");

  private void commit(Git git, String message) throws Exception {
    clock = clock.plusSeconds(60);
    commit(git, message, clock);
  }

  private static void commit(Git git, String message, Instant at) throws Exception {
    var who = new PersonIdent("Someone", "someone@example.com", at, ZoneOffset.UTC);
    git.commit()
        .setAllowEmpty(true)
        .setMessage(message)
        .setAuthor(who)
        .setCommitter(who)
        .setSign(false)
        .call();
  }

  private static TipGuard refusingRejected(
      String environment, String digest, List<List<HistoryEntry>> seen) {
    return new TipGuard(
        environment,
        1000,
        entries -> {
          seen.add(entries);
          return entries.stream().anyMatch(e -> digest.equals(e.rejectedDigest()))
              ? Optional.of(
                  new PublishOutcome.Refused(Reasons.DIGEST_QUARANTINED, "rolled back from it"))
              : Optional.empty();
        });
  }

  private static String promoteMessage(String environment, int n) {
    ImageRef ref = ImageRef.parse(IMAGE + "@sha256:" + String.format("%064x", n));
    return CommitMessage.build(
        new PromotionInfo("payments", "p-" + n, "uid-" + n, environment, ref, "release", "sig"));
  }

  private static String overrideMessage(String environment, String digest) {
    ImageRef ref = ImageRef.parse(IMAGE + "@" + digest);
    return CommitMessage.build(
        new PromotionInfo("payments", "ov", "ov-uid", environment, ref, "lift", "sig"),
        new CommitMessage.Extras(List.of(), null, "INC fixed"));
  }

  private static String rollbackMessage(String environment, String to, String from) {
    ImageRef ref = ImageRef.parse(IMAGE + "@" + to);
    return CommitMessage.build(
        new PromotionInfo("payments", "rb", "rb-uid", environment, ref, "INC-1", "sig"),
        new CommitMessage.Extras(List.of("0".repeat(40)), from, null));
  }

  private PublishRequest request(String digest) {
    ImageRef pinned = ImageRef.parse(IMAGE + "@" + digest);
    var info =
        new PromotionInfo("payments", "api-1", "uid-1", "production", pinned, "Release 1", "sig");
    return new PublishRequest(
        remote.url,
        TestRemote.BRANCH,
        "Shipproof",
        "shipproof@example.com",
        List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
        pinned,
        CommitMessage.build(info),
        "uid-1");
  }
}
