package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.MovableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The warm clone cache: a damaged clone heals by itself (deleted and cloned afresh) within the same
 * publish, eviction keeps the cache within its bounds and never deletes a clone in use, and
 * publishes to different branches of one repository run side by side.
 */
class CloneCacheTest {
  private static final String PATH = "apps/api/overlays/production/kustomization.yaml";
  private static final String IMAGE = "registry.example.com/payments/api";
  private static final String OVERLAY =
      "resources:\n  - ../../base\nimages:\n  - name: " + IMAGE + "\n    newTag: 1.4.2\n";
  private static final String FIRST = "sha256:" + "1".repeat(64);
  private static final String SECOND = "sha256:" + "2".repeat(64);

  @TempDir Path tmp;
  private TestRemote remote;
  private MovableClock clock;
  private JgitWorkspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    remote = TestRemote.create(tmp, Map.of(PATH, OVERLAY, "README.md", "deploy repo\n"));
    clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
    workspace = newWorkspace(CloneCacheLimits.DEFAULTS);
  }

  @AfterEach
  void tearDown() {
    remote.close();
  }

  private JgitWorkspace newWorkspace(CloneCacheLimits limits) {
    JgitWorkspace ws =
        new JgitWorkspace(
                cache(),
                Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC),
                d -> {},
                null)
            .cacheLimits(limits);
    ws.clones().clock(clock);
    return ws;
  }

  private Path cache() {
    return tmp.resolve("cache");
  }

  /** Each kind of damage a crash, a full disk or a meddling person can leave in a clone. */
  enum Damage {
    GARBAGE_IN_HEAD((clone, outside, decoy) -> write(clone.resolve(".git/HEAD"), "garbage\n")),
    HEAD_POINTS_NOWHERE(
        (clone, outside, decoy) -> write(clone.resolve(".git/HEAD"), "ref: refs/heads/../x\n")),
    MISSING_LOOSE_OBJECTS(
        (clone, outside, decoy) -> assertThat(deleteLooseObjects(clone)).isPositive()),
    TRUNCATED_PACK((clone, outside, decoy) -> assertThat(truncatePacks(clone)).isPositive()),
    INDEX_LOCK_LEFT_BY_A_CRASH(
        (clone, outside, decoy) -> write(clone.resolve(".git/index.lock"), "")),
    HEAD_LOCK_LEFT_BY_A_CRASH(
        (clone, outside, decoy) -> write(clone.resolve(".git/HEAD.lock"), "")),
    BRANCH_REF_WITH_JUNK(
        (clone, outside, decoy) -> {
          write(clone.resolve(".git/refs/remotes/origin/main"), "junk\n");
          write(clone.resolve(".git/refs/heads/main"), "\u0000\u0001junk");
        }),
    PACKED_REFS_WITH_JUNK(
        (clone, outside, decoy) -> write(clone.resolve(".git/packed-refs"), "not a ref line\n")),
    SHALLOW_FILE(
        (clone, outside, decoy) ->
            write(clone.resolve(".git/shallow"), tipOf(clone).name() + "\n")),
    ORIGIN_URL_CHANGED(
        (clone, outside, decoy) -> {
          try (Git git = Git.open(clone.toFile())) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("remote", "origin", "url", decoy.url);
            config.save();
          }
        }),
    CONFIG_GARBAGE((clone, outside, decoy) -> write(clone.resolve(".git/config"), "[[[remote\n")),
    INDEX_GARBAGE((clone, outside, decoy) -> write(clone.resolve(".git/index"), "DIRC junk")),
    TARGET_FILE_REPLACED_BY_A_SYMLINK_OUT_OF_THE_TREE(
        (clone, outside, decoy) -> {
          Path file = clone.resolve(PATH);
          Files.delete(file);
          Files.createSymbolicLink(file, outside.resolve("victim.yaml"));
        }),
    DIRECTORY_REPLACED_BY_A_SYMLINK_OUT_OF_THE_TREE(
        (clone, outside, decoy) -> {
          WorkingClones.deleteQuietly(clone.resolve("apps"));
          Files.createSymbolicLink(clone.resolve("apps"), outside.resolve("apps"));
        }),
    DOT_GIT_REPLACED_BY_A_FILE(
        (clone, outside, decoy) -> {
          WorkingClones.deleteQuietly(clone.resolve(".git"));
          write(clone.resolve(".git"), "gitdir: /nowhere\n");
        }),
    CLONE_REPLACED_BY_A_FILE(
        (clone, outside, decoy) -> {
          WorkingClones.deleteQuietly(clone);
          write(clone, "not a clone");
        }),
    CLONE_REPLACED_BY_A_SYMLINK(
        (clone, outside, decoy) -> {
          WorkingClones.deleteQuietly(clone);
          Files.createSymbolicLink(clone, outside);
        }),
    EMPTY_DIRECTORY(
        (clone, outside, decoy) -> {
          WorkingClones.deleteQuietly(clone);
          Files.createDirectories(clone);
        });

    final Corruption corruption;

    Damage(Corruption corruption) {
      this.corruption = corruption;
    }
  }

  @FunctionalInterface
  interface Corruption {
    void apply(Path clone, Path outside, TestRemote decoy) throws Exception;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Damage.class)
  void aDamagedCloneHealsWithinThePublishAndPushesExactlyOneCommit(Damage damage) throws Exception {
    workspace.publish(request(FIRST, "uid-1", TestRemote.BRANCH));
    // The branch moves on, so the healing fetch has something to bring.
    remote.commit(Map.of("README.md", "deploy repo, edited\n"), "docs");
    Path outside = outsideTree();
    try (TestRemote decoy =
        TestRemote.create(tmp.resolve("decoy"), Map.of(PATH, OVERLAY, "README.md", "decoy\n"))) {
      List<RevCommit> decoyBefore = decoy.log();
      damage.corruption.apply(onlyClone(), outside, decoy);
      int before = remote.log().size();

      PublishOutcome outcome = workspace.publish(request(SECOND, "uid-2", TestRemote.BRANCH));

      assertThat(outcome).isInstanceOf(PublishOutcome.Pushed.class);
      List<RevCommit> log = remote.log();
      assertThat(log).hasSize(before + 1);
      assertThat(log.get(0).name()).isEqualTo(((PublishOutcome.Pushed) outcome).commit());
      assertThat(JgitWorkspace.namesPromotion(log.get(0), "uid-2")).isTrue();
      assertThat(remote.read(PATH)).contains("digest: " + SECOND).doesNotContain("newTag");
      assertThat(remote.read("README.md")).isEqualTo("deploy repo, edited\n");
      assertThat(decoy.log()).as("nothing pushed to another origin").isEqualTo(decoyBefore);
    }
    assertThat(Files.readString(outside.resolve("victim.yaml"))).isEqualTo(OVERLAY);
    assertThat(Files.readString(outside.resolve("apps/api/overlays/production/kustomization.yaml")))
        .isEqualTo(OVERLAY);
    // Healed for good: the next publish lands exactly one commit too.
    int healed = remote.log().size();
    assertThat(workspace.publish(request(FIRST, "uid-3", TestRemote.BRANCH)))
        .isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(remote.log()).hasSize(healed + 1);
    assertThat(JgitWorkspace.namesPromotion(remote.log().get(0), "uid-3")).isTrue();
  }

  @Test
  void evictsTheLeastRecentlyUsedCloneBeyondTheBound() throws Exception {
    workspace = newWorkspace(new CloneCacheLimits(2, Duration.ofHours(24)));
    branch("a");
    branch("b");
    branch("c");
    publish("a", FIRST);
    clock.advance(Duration.ofMinutes(1));
    publish("b", FIRST);
    clock.advance(Duration.ofMinutes(1));
    publish("a", SECOND);
    clock.advance(Duration.ofMinutes(1));

    publish("c", FIRST);

    assertThat(cloneDirs())
        .containsExactlyInAnyOrder(dirOf("a"), dirOf("c"))
        .doesNotContain(dirOf("b"));
  }

  @Test
  void evictsClonesIdleLongerThanMaxIdle() throws Exception {
    workspace = newWorkspace(new CloneCacheLimits(64, Duration.ofHours(1)));
    branch("a");
    branch("b");
    publish("a", FIRST);
    clock.advance(Duration.ofMinutes(61));

    publish("b", FIRST);

    assertThat(cloneDirs()).containsExactly(dirOf("b"));
  }

  @Test
  void anEvictedCloneIsClonedAgainOnItsNextUse() throws Exception {
    workspace = newWorkspace(new CloneCacheLimits(1, Duration.ofHours(24)));
    branch("a");
    branch("b");
    publish("a", FIRST);
    publish("b", FIRST);
    assertThat(cloneDirs()).containsExactly(dirOf("b"));

    PublishOutcome again = workspace.publish(request(SECOND, "uid-a2", "a"));

    assertThat(again).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(cloneDirs()).containsExactly(dirOf("a"));
  }

  @Test
  void readingHistoryLeavesTheWorkTreeForTheNextPublish() throws Exception {
    publish("main", FIRST);
    remote.commit(Map.of("README.md", "changed by someone else\n"), "outside commit");
    // A full reset and clean would remove this; a move by changed files leaves it.
    Path sentinel = onlyClone().resolve("untracked-sentinel");
    write(sentinel, "x");

    workspace.history(remote.url, "main", GitAccess.ANONYMOUS, "production", 100);
    publish("main", SECOND);

    assertThat(sentinel).exists();
    assertThat(commitsOf("main")).isEqualTo(4);
  }

  @Test
  void aTargetPathTheMoveCannotCheckIsRefusedWithItsReasonInAnExactClone() throws Exception {
    publish("main", FIRST);
    ImageRef pinned = ImageRef.parse(IMAGE + "@" + SECOND);
    var info = new PromotionInfo("payments", "api-nul", "uid-nul", "production", pinned, "r", "s");
    var request =
        new PublishRequest(
            remote.url,
            "main",
            "Shipproof",
            "shipproof@example.com",
            List.of(PublishRequest.Target.kustomize("apps/api\u0000/kustomization.yaml", IMAGE)),
            pinned,
            CommitMessage.build(info),
            "uid-nul");

    PublishOutcome outcome = workspace.publish(request);

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
    assertThat(((PublishOutcome.Refused) outcome).reason()).isEqualTo("TargetInvalid");
    assertThat(commitsOf("main")).isEqualTo(2);
  }

  @Test
  void keepsAtMostTheBoundOfRepositoriesOpenAndClosesEvictedOnes() throws Exception {
    workspace = newWorkspace(new CloneCacheLimits(3, Duration.ofHours(24)));
    int branches = WorkingClones.OPEN_REPOSITORIES + 2;
    for (int i = 0; i < branches; i++) {
      branch("b" + i);
      clock.advance(Duration.ofMinutes(1));
      publish("b" + i, FIRST);
    }

    List<Path> open = workspace.clones().openRepositories();
    assertThat(open).hasSizeLessThanOrEqualTo(WorkingClones.OPEN_REPOSITORIES);
    // Evicted clones are deleted and their repositories closed, never left open.
    assertThat(cloneDirs()).hasSize(3);
    assertThat(open)
        .containsExactlyInAnyOrderElementsOf(
            cloneDirs().stream().map(p -> p.toAbsolutePath().normalize()).toList());
    // Each kept clone still works from its open repository.
    publish("b" + (branches - 1), SECOND);
  }

  @Test
  void neverEvictsACloneInUse() throws Exception {
    workspace = newWorkspace(new CloneCacheLimits(1, Duration.ofMinutes(1)));
    branch("a");
    branch("b");
    publish("a", FIRST);
    clock.advance(Duration.ofHours(2));
    ReentrantLock held = workspace.lockFor(remote.url, "a");
    held.lock();
    try {
      CompletableFuture.runAsync(() -> publishUnchecked("b", FIRST)).get();

      assertThat(cloneDirs()).contains(dirOf("a"), dirOf("b"));
    } finally {
      held.unlock();
    }
    clock.advance(Duration.ofHours(2));
    publish("b", SECOND);
    assertThat(cloneDirs()).containsExactly(dirOf("b"));
  }

  @Test
  void publishesToTwoBranchesOfOneRepositoryRunSideBySide() throws Exception {
    branch("staging");
    var main = CompletableFuture.supplyAsync(() -> publishMany(TestRemote.BRANCH, "main", 10));
    var staging = CompletableFuture.supplyAsync(() -> publishMany("staging", "staging", 10));

    assertThat(main.get()).allMatch(o -> o instanceof PublishOutcome.Pushed);
    assertThat(staging.get()).allMatch(o -> o instanceof PublishOutcome.Pushed);
    assertThat(commitsOf(TestRemote.BRANCH)).isEqualTo(1 + 10);
    assertThat(commitsOf("staging")).isEqualTo(1 + 10);
  }

  @Test
  void evictionRacingPublishesLosesNoPromotion() throws Exception {
    // One clone allowed for three busy branches: every publish evicts another branch's clone.
    workspace = newWorkspace(new CloneCacheLimits(1, Duration.ofHours(24)));
    List<String> branches = List.of("a", "b", "c");
    for (String b : branches) {
      branch(b);
    }
    List<CompletableFuture<List<PublishOutcome>>> runs = new ArrayList<>();
    for (String b : branches) {
      runs.add(CompletableFuture.supplyAsync(() -> publishMany(b, b, 8)));
    }

    for (var run : runs) {
      assertThat(run.get()).hasSize(8).allMatch(o -> o instanceof PublishOutcome.Pushed);
    }
    for (String b : branches) {
      assertThat(commitsOf(b)).isEqualTo(1 + 8);
    }
    // While publishes overlap, each skips the clones the others hold, so the bound may be passed
    // for a moment; the first publish with nobody else busy brings the cache back under it.
    assertThat(publishMany("a", "a-after", 1)).allMatch(o -> o instanceof PublishOutcome.Pushed);
    assertThat(cloneDirs()).hasSizeLessThanOrEqualTo(1);
  }

  // --- helpers -------------------------------------------------------------------------------

  private List<PublishOutcome> publishMany(String branch, String uidPrefix, int count) {
    List<PublishOutcome> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String digest = "sha256:" + String.format("%064x", (long) (uidPrefix.hashCode() * 100 + i));
      try {
        out.add(workspace.publish(request(digest, uidPrefix + "-" + i, branch)));
      } catch (GitException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  private void publish(String branch, String digest) throws GitException {
    assertThat(workspace.publish(request(digest, branch + "-" + digest.substring(7, 9), branch)))
        .isInstanceOf(PublishOutcome.Pushed.class);
  }

  private void publishUnchecked(String branch, String digest) {
    try {
      publish(branch, digest);
    } catch (GitException e) {
      throw new IllegalStateException(e);
    }
  }

  private PublishRequest request(String digest, String uid, String branch) {
    ImageRef pinned = ImageRef.parse(IMAGE + "@" + digest);
    var info = new PromotionInfo("payments", "api-" + uid, uid, "production", pinned, "r", "sig");
    return new PublishRequest(
        remote.url,
        branch,
        "Shipproof",
        "shipproof@example.com",
        List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
        pinned,
        CommitMessage.build(info),
        uid);
  }

  private void branch(String name) throws IOException {
    try (Repository repo = Git.open(remote.bare.toFile()).getRepository()) {
      var update = repo.updateRef("refs/heads/" + name);
      update.setNewObjectId(remote.tip());
      update.update();
    }
  }

  private int commitsOf(String branch) throws Exception {
    try (Git git = Git.open(remote.bare.toFile())) {
      int n = 0;
      for (RevCommit c :
          git.log().add(git.getRepository().resolve("refs/heads/" + branch)).call()) {
        n++;
      }
      return n;
    }
  }

  private Path dirOf(String branch) {
    return workspace.clones().dirFor(remote.url, branch);
  }

  private List<Path> cloneDirs() throws IOException {
    try (Stream<Path> dirs = Files.list(cache())) {
      return dirs.toList();
    }
  }

  private Path onlyClone() throws IOException {
    List<Path> dirs = cloneDirs();
    assertThat(dirs).hasSize(1);
    return dirs.get(0);
  }

  /** A directory outside every clone holding copies a planted link would point at. */
  private Path outsideTree() throws IOException {
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside.resolve("apps/api/overlays/production"));
    write(outside.resolve("victim.yaml"), OVERLAY);
    write(outside.resolve("apps/api/overlays/production/kustomization.yaml"), OVERLAY);
    return outside;
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(
        file,
        text,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
  }

  private static RevCommit tipOf(Path clone) throws IOException {
    try (Git git = Git.open(clone.toFile());
        var walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
      return walk.parseCommit(git.getRepository().resolve("refs/remotes/origin/main"));
    }
  }

  private static int deleteLooseObjects(Path clone) throws IOException {
    int n = 0;
    try (Stream<Path> files = Files.walk(clone.resolve(".git/objects"))) {
      for (Path f : files.toList()) {
        if (Files.isRegularFile(f)
            && f.getParent().getFileName().toString().matches("[0-9a-f]{2}")) {
          Files.delete(f);
          n++;
        }
      }
    }
    return n;
  }

  private static int truncatePacks(Path clone) throws IOException {
    int n = 0;
    try (Stream<Path> files = Files.walk(clone.resolve(".git/objects/pack"))) {
      for (Path f : files.toList()) {
        if (f.toString().endsWith(".pack")) {
          byte[] bytes = Files.readAllBytes(f);
          f.toFile().setWritable(true);
          Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
          n++;
        }
      }
    }
    return n;
  }
}
