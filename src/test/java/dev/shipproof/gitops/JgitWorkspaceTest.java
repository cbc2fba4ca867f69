package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JgitWorkspaceTest {
  private static final String PATH = "apps/api/overlays/production/kustomization.yaml";
  private static final String IMAGE = "registry.example.com/payments/api";
  private static final String DIGEST = "sha256:1f2e3d4c5b6a" + "7".repeat(52);
  private static final Instant NOW = Instant.parse("2026-12-04T10:15:30Z");
  private static final String OVERLAY =
      "# production overlay\r\n"
          + "resources:\r\n"
          + "  - ../../base\r\n"
          + "images:\r\n"
          + "  - name: registry.example.com/payments/api\r\n"
          + "    newTag: 1.4.2 # set by CI\r\n";
  private static final String PINNED =
      "# production overlay\r\n"
          + "resources:\r\n"
          + "  - ../../base\r\n"
          + "images:\r\n"
          + "  - name: registry.example.com/payments/api\r\n"
          + "    digest: "
          + DIGEST
          + "\r\n";

  @TempDir Path tmp;
  private TestRemote remote;
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private JgitWorkspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    remote = TestRemote.create(tmp, Map.of(PATH, OVERLAY, "README.md", "deploy repo\n"));
    workspace = workspace(null);
  }

  @AfterEach
  void tearDown() {
    remote.close();
  }

  private JgitWorkspace workspace(org.eclipse.jgit.api.TransportConfigCallback transport) {
    return new JgitWorkspace(
        tmp.resolve("cache"), Clock.fixed(NOW, ZoneOffset.UTC), sleeps::add, transport);
  }

  private PublishRequest request(String url, String digest, PublishRequest.Target... targets) {
    return request(url, digest, "0b9c-uid", targets);
  }

  private PublishRequest request(
      String url, String digest, String uid, PublishRequest.Target... targets) {
    ImageRef pinned = ImageRef.parse(IMAGE + "@" + digest);
    var info =
        new PromotionInfo("payments", "api-" + uid, uid, "production", pinned, "Release 1", "sig");
    List<PublishRequest.Target> list =
        targets.length == 0
            ? List.of(PublishRequest.Target.kustomize(PATH, IMAGE))
            : List.of(targets);
    return new PublishRequest(
        url,
        TestRemote.BRANCH,
        "Shipproof",
        "shipproof@example.com",
        list,
        pinned,
        CommitMessage.build(info),
        uid);
  }

  private static PublishRequest with(PublishRequest r, String url, String branch) {
    return new PublishRequest(
        url,
        branch,
        r.authorName(),
        r.authorEmail(),
        r.targets(),
        r.pinned(),
        r.message(),
        r.promotionUid());
  }

  private PublishRequest request() {
    return request(remote.url, DIGEST);
  }

  @Test
  void pushesOneCommitWithTrailersAndTheExactFileBytes() throws Exception {
    var seedTip = remote.tip();

    PublishOutcome outcome = workspace.publish(request());

    RevCommit tip = remote.log().get(0);
    assertThat(outcome).isEqualTo(new PublishOutcome.Pushed(tip.name()));
    assertThat(remote.log()).hasSize(2);
    assertThat(tip.getParent(0).getId()).isEqualTo(seedTip);
    assertThat(remote.read(PATH)).isEqualTo(PINNED);
    assertThat(remote.read("README.md")).isEqualTo("deploy repo\n");
    assertThat(tip.getFullMessage()).isEqualTo(request().message());
    assertThat(tip.getFooterLines(CommitMessage.DIGEST)).containsExactly(DIGEST);
    assertThat(tip.getFooterLines(CommitMessage.PROMOTION))
        .containsExactly("payments/api-0b9c-uid 0b9c-uid");
    for (var ident : List.of(tip.getAuthorIdent(), tip.getCommitterIdent())) {
      assertThat(ident.getName()).isEqualTo("Shipproof");
      assertThat(ident.getEmailAddress()).isEqualTo("shipproof@example.com");
      assertThat(ident.getWhenAsInstant()).isEqualTo(NOW);
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void rerunOfALandedPromotionPushesNothingAndReturnsItsCommit() throws Exception {
    var first = (PublishOutcome.Pushed) workspace.publish(request());
    remote.commit(Map.of("README.md", "unrelated change\n"), "docs");
    var tipBefore = remote.tip();

    PublishOutcome again = workspace.publish(request());

    assertThat(again).isEqualTo(new PublishOutcome.AlreadyLanded(first.commit(), false));
    assertThat(remote.tip()).isEqualTo(tipBefore);
  }

  @Test
  void anotherPromotionOfTheSameDigestEndsAlreadyUpToDateWithTheFirstCommit() throws Exception {
    var first = (PublishOutcome.Pushed) workspace.publish(request(remote.url, DIGEST, "uid-a"));
    remote.commit(Map.of("README.md", "unrelated change\n"), "docs");
    var tipBefore = remote.tip();

    PublishOutcome other = workspace.publish(request(remote.url, DIGEST, "uid-b"));

    assertThat(other).isEqualTo(new PublishOutcome.AlreadyUpToDate(first.commit()));
    assertThat(remote.tip()).isEqualTo(tipBefore);
  }

  @Test
  void retriedPromotionNeverRollsBackANewerOne() throws Exception {
    // A lands digest X but its status write is lost; B pins Y; A is reconciled again.
    String newer = "sha256:" + "e".repeat(64);
    var a = (PublishOutcome.Pushed) workspace.publish(request(remote.url, DIGEST, "uid-a"));
    var b = (PublishOutcome.Pushed) workspace.publish(request(remote.url, newer, "uid-b"));
    var tipBefore = remote.tip();

    PublishOutcome again = workspace.publish(request(remote.url, DIGEST, "uid-a"));

    assertThat(again).isEqualTo(new PublishOutcome.AlreadyLanded(a.commit(), true));
    assertThat(remote.tip()).isEqualTo(tipBefore);
    assertThat(remote.tip().name()).isEqualTo(b.commit());
    assertThat(remote.read(PATH)).isEqualTo(PINNED.replace(DIGEST, newer));
    assertThat(remote.log()).hasSize(3);
  }

  @Test
  void landedPromotionWhoseTargetWasRemovedSinceIsStillAlreadyLanded() throws Exception {
    var a = (PublishOutcome.Pushed) workspace.publish(request(remote.url, DIGEST, "uid-a"));
    remote.commit(Map.of(PATH, "resources:\n  - ../../base\n"), "drop the images list");
    var tipBefore = remote.tip();

    PublishOutcome again = workspace.publish(request(remote.url, DIGEST, "uid-a"));

    assertThat(again).isEqualTo(new PublishOutcome.AlreadyLanded(a.commit(), true));
    assertThat(remote.tip()).isEqualTo(tipBefore);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void blankUidSkipsTheSearchForTheOwnCommit(String uid) throws Exception {
    String newer = "sha256:" + "e".repeat(64);
    workspace.publish(request(remote.url, DIGEST, "uid-a"));
    var blank =
        new PublishRequest(
            remote.url,
            TestRemote.BRANCH,
            "Shipproof",
            "shipproof@example.com",
            List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
            ImageRef.parse(IMAGE + "@" + newer),
            "manual pin\n\n" + CommitMessage.PROMOTION + ": ns/p " + uid + "\n",
            uid);

    assertThat(workspace.publish(blank)).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(remote.read(PATH)).isEqualTo(PINNED.replace(DIGEST, newer));
  }

  @Test
  void findsTheOwnCommitOnlyByTheWholeUid() throws Exception {
    String newer = "sha256:" + "e".repeat(64);
    workspace.publish(request(remote.url, DIGEST, "x-1"));

    PublishOutcome suffix = workspace.publish(request(remote.url, newer, "1"));

    assertThat(suffix).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(remote.read(PATH)).isEqualTo(PINNED.replace(DIGEST, newer));
  }

  @Test
  void findsTheOwnCommitBehindAMergeOfAnotherBranch() throws Exception {
    var a = (PublishOutcome.Pushed) workspace.publish(request(remote.url, DIGEST, "uid-a"));
    // Someone committed on the old tip and merged: our commit is now only a second parent.
    remote.commitBesideTipAndMerge(Map.of("other/side.txt", "side\n"), "work from before");
    assertThat(remote.log().get(0).getParentCount()).isEqualTo(2);
    assertThat(remote.log().get(0).getParent(1).name()).isEqualTo(a.commit());

    assertThat(workspace.publish(request(remote.url, DIGEST, "uid-a")))
        .isEqualTo(new PublishOutcome.AlreadyLanded(a.commit(), false));
  }

  @Test
  void alreadyPinnedWithoutOurCommitReturnsTheBranchTip() throws Exception {
    RevCommit byHand = remote.commit(Map.of(PATH, PINNED), "pinned by hand");

    assertThat(workspace.publish(request()))
        .isEqualTo(new PublishOutcome.AlreadyUpToDate(byHand.name()));
    assertThat(remote.log()).hasSize(2);
  }

  @Test
  void retriesOnTopWhenSomeoneCommitsBetweenFetchAndPush() throws Exception {
    List<RevCommit> theirs = new ArrayList<>();
    workspace.beforePush(
        attempt -> {
          if (attempt == 1) {
            theirs.add(remote.commit(Map.of("other/app.yaml", "x: 1\n"), "unrelated"));
          }
        });

    var outcome = (PublishOutcome.Pushed) workspace.publish(request());

    List<RevCommit> log = remote.log();
    assertThat(log)
        .extracting(RevCommit::name)
        .containsExactly(outcome.commit(), theirs.get(0).name(), log.get(2).name());
    assertThat(log).allMatch(c -> c.getParentCount() <= 1);
    assertThat(remote.read(PATH)).isEqualTo(PINNED);
    assertThat(remote.read("other/app.yaml")).isEqualTo("x: 1\n");
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void landsThePinWhenARaceEditsTheSameLine() throws Exception {
    workspace.beforePush(
        attempt -> {
          if (attempt == 1) {
            remote.commit(Map.of(PATH, OVERLAY.replace("1.4.2 # set by CI", "1.4.3")), "bump");
          }
        });

    var outcome = (PublishOutcome.Pushed) workspace.publish(request());

    assertThat(remote.tip().name()).isEqualTo(outcome.commit());
    assertThat(remote.read(PATH)).isEqualTo(PINNED);
    assertThat(remote.log()).hasSize(3);
  }

  @Test
  void raceThatPinsTheSameDigestEndsAlreadyUpToDate() throws Exception {
    List<RevCommit> theirs = new ArrayList<>();
    workspace.beforePush(
        attempt -> {
          if (attempt == 1) {
            theirs.add(remote.commit(Map.of(PATH, PINNED), "same pin"));
          }
        });

    assertThat(workspace.publish(request()))
        .isEqualTo(new PublishOutcome.AlreadyUpToDate(theirs.get(0).name()));
    assertThat(remote.log()).hasSize(2);
  }

  @Test
  void givesUpAfterBoundedAttemptsWhenTheRemoteKeepsMoving() throws Exception {
    workspace.beforePush(
        attempt -> remote.commit(Map.of("other/n.txt", "attempt " + attempt + "\n"), "busy"));

    // A busy branch is an outage to retry later, not a final "no".
    assertThatThrownBy(() -> workspace.publish(request()))
        .isInstanceOf(GitException.class)
        .hasMessage(
            "pushing to "
                + remote.url
                + " (branch main): the branch kept moving: "
                + JgitWorkspace.MAX_ATTEMPTS
                + " pushes lost the race; last answer: remote refused refs/heads/main:"
                + " REJECTED_REMOTE_CHANGED; will retry")
        .extracting(e -> ((GitException) e).reason())
        .isEqualTo(Reasons.BRANCH_BUSY);
    assertThat(remote.read(PATH)).isEqualTo(OVERLAY);
    assertThat(sleeps).hasSize(JgitWorkspace.MAX_ATTEMPTS - 1);
    assertThat(sleeps).allMatch(d -> d.compareTo(JgitWorkspace.BACKOFF_CAP) <= 0);
  }

  @Test
  void reportsARejectionByAPreReceiveHook() throws Exception {
    // JGit's in-process file:// receive-pack runs no hooks; C git's receive-pack does.
    Optional<Path> receivePack = onPath("git-receive-pack");
    assumeTrue(receivePack.isPresent(), "C git's git-receive-pack is not installed");
    Path hook = remote.bare.resolve("hooks/pre-receive");
    Files.createDirectories(hook.getParent());
    Files.writeString(
        hook, "#!/bin/sh\necho 'main is protected: open a pull request' >&2\nexit 1\n");
    hook.toFile().setExecutable(true);
    var viaCGit =
        workspace(transport -> transport.setOptionReceivePack(receivePack.get().toString()));
    var tipBefore = remote.tip();

    PublishOutcome outcome = viaCGit.publish(request());

    assertThat(outcome).isInstanceOf(PublishOutcome.Rejected.class);
    var rejected = (PublishOutcome.Rejected) outcome;
    assertThat(rejected.reason()).isEqualTo(Reasons.PUSH_REJECTED);
    assertThat(rejected.message())
        .contains("REJECTED_OTHER_REASON")
        .contains("pre-receive hook declined")
        .contains("main is protected: open a pull request");
    assertThat(remote.tip()).isEqualTo(tipBefore);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void failsWithGitExceptionWhenTheRepositoryDoesNotExist() {
    String missing = tmp.resolve("no-such-repo.git").toUri().toString();

    assertThatThrownBy(() -> workspace.publish(request(missing, DIGEST)))
        .isInstanceOf(GitException.class)
        .hasMessageStartingWith("fetching " + missing + " (branch main): ")
        .satisfies(e -> assertPlain(e.getMessage(), tmp.resolve("cache")));
  }

  @Test
  void refusesAMissingBranch() throws Exception {
    PublishOutcome outcome = workspace.publish(with(request(), remote.url, "release"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
    assertThat(((PublishOutcome.Refused) outcome).message())
        .isEqualTo("branch release does not exist in " + remote.url);
  }

  @Test
  void refusesAMissingTargetAndPushesNothing() throws Exception {
    var tipBefore = remote.tip();
    var missing = PublishRequest.Target.kustomize("apps/web/kustomization.yaml", IMAGE);

    PublishOutcome outcome =
        workspace.publish(
            request(remote.url, DIGEST, PublishRequest.Target.kustomize(PATH, IMAGE), missing));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.Refused(
                Reasons.TARGET_NOT_FOUND,
                "apps/web/kustomization.yaml (image " + IMAGE + "): no such file on branch main"));
    assertThat(remote.tip()).isEqualTo(tipBefore);
  }

  @Test
  void refusesAFileWithoutTheImageNamingFileAndImage() throws Exception {
    // A kustomization gets a missing images[] entry added; a manifest without the image cannot.
    var other = new PublishRequest.Target(PATH, "manifest", "registry.example.com/payments/web");

    PublishOutcome outcome = workspace.publish(request(remote.url, DIGEST, other));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.Refused(
                Reasons.TARGET_NOT_FOUND,
                PATH
                    + " (image registry.example.com/payments/web): no container runs image"
                    + " registry.example.com/payments/web"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../outside/kustomization.yaml",
        "apps/../../kustomization.yaml",
        "/etc/hostname",
        ".git/config",
        "apps/api\\kustomization.yaml"
      })
  void refusesPathsThatLeaveTheWorkTree(String path) throws Exception {
    Files.createDirectories(tmp.resolve("cache/outside"));
    var tipBefore = remote.tip();

    PublishOutcome outcome =
        workspace.publish(
            request(remote.url, DIGEST, PublishRequest.Target.kustomize(path, IMAGE)));

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
    assertThat(((PublishOutcome.Refused) outcome).reason()).isEqualTo(Reasons.TARGET_INVALID);
    assertThat(remote.tip()).isEqualTo(tipBefore);
  }

  @Test
  void refusesASymlinkPointingOutsideTheRepository() throws Exception {
    Path outside = tmp.resolve("outside.yaml");
    Files.writeString(outside, OVERLAY);
    remote.commitSymlink("apps/linked/kustomization.yaml", outside);

    PublishOutcome outcome =
        workspace.publish(
            request(
                remote.url,
                DIGEST,
                PublishRequest.Target.kustomize("apps/linked/kustomization.yaml", IMAGE)));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.Refused(
                Reasons.TARGET_INVALID,
                "apps/linked/kustomization.yaml (image "
                    + IMAGE
                    + "): path leads outside the repository (symlink)"));
    assertThat(Files.readString(outside)).isEqualTo(OVERLAY);
  }

  @Test
  void editsTheFileBehindASymlinkInsideTheRepository() throws Exception {
    remote.commitSymlink(
        "apps/alias/kustomization.yaml", Path.of("../api/overlays/production/kustomization.yaml"));

    var outcome =
        (PublishOutcome.Pushed)
            workspace.publish(
                request(
                    remote.url,
                    DIGEST,
                    PublishRequest.Target.kustomize("apps/alias/kustomization.yaml", IMAGE)));

    assertThat(remote.tip().name()).isEqualTo(outcome.commit());
    assertThat(remote.read(PATH)).isEqualTo(PINNED);
  }

  @Test
  void refusesAnUnsupportedFormat() throws Exception {
    var jsonnet = new PublishRequest.Target("charts/api/values.yaml", "jsonnet", IMAGE);

    PublishOutcome outcome = workspace.publish(request(remote.url, DIGEST, jsonnet));

    assertThat(outcome)
        .isEqualTo(
            new PublishOutcome.Refused(
                Reasons.TARGET_INVALID,
                "charts/api/values.yaml (image " + IMAGE + "): unsupported format jsonnet"));
  }

  @Test
  void discardsStaleLocalWorkInTheCachedClone() throws Exception {
    workspace.publish(request());
    Path clone;
    try (Stream<Path> dirs = Files.list(tmp.resolve("cache"))) {
      clone = dirs.findFirst().orElseThrow();
    }
    try (Git git = Git.open(clone.toFile())) {
      Files.writeString(clone.resolve("README.md"), "stale local edit\n");
      git.add().addFilepattern("README.md").call();
      git.commit().setMessage("never pushed").setSign(false).call();
    }
    Files.writeString(clone.resolve("junk.txt"), "untracked\n");
    String next = "sha256:" + "a".repeat(64);

    var outcome = (PublishOutcome.Pushed) workspace.publish(request(remote.url, next, "uid-2"));

    List<RevCommit> log = remote.log();
    assertThat(log.get(0).name()).isEqualTo(outcome.commit());
    assertThat(log).hasSize(3).noneMatch(c -> c.getFullMessage().equals("never pushed"));
    assertThat(remote.read("README.md")).isEqualTo("deploy repo\n");
    assertThat(remote.read(PATH)).isEqualTo(PINNED.replace(DIGEST, next));
    assertThat(clone.resolve("junk.txt")).doesNotExist();
  }

  @Test
  void editsSeveralTargetsInOneCommit() throws Exception {
    String staging = "apps/api/overlays/staging/kustomization.yaml";
    remote.commit(Map.of(staging, "images:\n- name: api\n  newTag: dev\n"), "staging");

    var outcome =
        (PublishOutcome.Pushed)
            workspace.publish(
                request(
                    remote.url,
                    DIGEST,
                    PublishRequest.Target.kustomize(PATH, IMAGE),
                    PublishRequest.Target.kustomize(staging, "api")));

    assertThat(remote.log()).hasSize(3);
    assertThat(remote.tip().name()).isEqualTo(outcome.commit());
    assertThat(remote.read(PATH)).isEqualTo(PINNED);
    assertThat(remote.read(staging)).isEqualTo("images:\n- name: api\n  digest: " + DIGEST + "\n");
  }

  @Test
  void serializesConcurrentPublishesToOneBranch() throws Exception {
    String twoImages =
        "images:\n- name: registry.example.com/payments/api\n  newTag: a\n"
            + "- name: registry.example.com/payments/web\n  newTag: b\n";
    remote.commit(Map.of(PATH, twoImages), "two images");
    var api = PublishRequest.Target.kustomize(PATH, IMAGE);
    var web = PublishRequest.Target.kustomize(PATH, "registry.example.com/payments/web");
    String other = "sha256:" + "b".repeat(64);

    var first =
        CompletableFuture.supplyAsync(
            () -> publishUnchecked(request(remote.url, DIGEST, "uid-1", api)));
    var second =
        CompletableFuture.supplyAsync(
            () -> publishUnchecked(request(remote.url, other, "uid-2", web)));

    assertThat(first.get()).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(second.get()).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(sleeps).isEmpty();
    assertThat(remote.read(PATH))
        .isEqualTo(
            "images:\n- name: registry.example.com/payments/api\n  digest: "
                + DIGEST
                + "\n- name: registry.example.com/payments/web\n  digest: "
                + other
                + "\n");
  }

  @Test
  void redactsUserInfoFromFailureMessagesAndDropsTheCause() {
    String url = "https://bot:s3cr3t@git.example.com/deploy.git";
    var cause = new IllegalStateException(url + ": not authorized");
    var clones = new WorkingClones(tmp.resolve("cache"), t -> {});

    GitException e = clones.failure("fetching " + GitUrls.redact(url), url, cause);

    assertThat(e.getMessage())
        .isEqualTo(
            "fetching https://***@git.example.com/deploy.git:"
                + " https://***@git.example.com/deploy.git: not authorized");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void scrubsUserInfoThatJgitPrintsInItsOwnForm() {
    String url = "https://bot:s3cr3t@git.example.com/deploy.git";
    var cause = new IllegalStateException("https://bot@git.example.com/deploy.git: denied");
    var clones = new WorkingClones(tmp.resolve("cache"), t -> {});

    GitException e = clones.failure("fetching", url, cause);

    assertThat(e.getMessage())
        .isEqualTo("fetching: https://***@git.example.com/deploy.git: denied")
        .doesNotContain("bot");
  }

  @Test
  void failureMessagesNameNeitherTheCacheDirectoryNorJavaClasses() throws Exception {
    Path cache = tmp.resolve("cache");
    var clones = new WorkingClones(cache, t -> {});
    Path lock = clones.dirFor(remote.url, "main").resolve(".git/index.lock");
    var wrapped =
        new org.eclipse.jgit.api.errors.JGitInternalException(
            "Exception caught during execution of reset command",
            new java.io.IOException(
                "java.nio.file.AccessDeniedException: " + lock + " is read-only"));

    GitException e = clones.failure("resetting", remote.url, wrapped);

    assertThat(e.getMessage()).isEqualTo("resetting: <working clone>/.git/index.lock is read-only");
    assertThat(
            clones
                .failure(
                    "x",
                    remote.url,
                    new java.nio.file.NoSuchFileException(cache.resolve("abc").toString()))
                .getMessage())
        .isEqualTo("x: no such file or directory: <clone cache>/abc");
    assertThat(clones.failure("x", remote.url, new IllegalStateException()).getMessage())
        .isEqualTo("x: no further detail (the operator log has it at DEBUG)");
  }

  @Test
  void aCacheDirectoryThatCannotBeCreatedFailsWithAPlainMessage() throws Exception {
    Path notADirectory = tmp.resolve("cache-file");
    Files.writeString(notADirectory, "in the way\n");
    var blocked =
        new JgitWorkspace(notADirectory, Clock.fixed(NOW, ZoneOffset.UTC), sleeps::add, null);

    assertThatThrownBy(() -> blocked.publish(request()))
        .isInstanceOf(GitException.class)
        .satisfies(e -> assertPlain(e.getMessage(), notADirectory))
        .hasMessageStartingWith("creating a clone of " + remote.url + " (branch main): ");
  }

  @Test
  void refusesAnEnvironmentWithoutTargets() throws Exception {
    var none =
        new PublishRequest(
            remote.url,
            "main",
            "Shipproof",
            "shipproof@example.com",
            List.of(),
            ImageRef.parse(IMAGE + "@" + DIGEST),
            "m",
            "u");

    assertThat(workspace.publish(none))
        .isEqualTo(
            new PublishOutcome.Refused(
                Reasons.INVALID_ENVIRONMENT, "the environment lists no target files to edit"));
    assertThat(tmp.resolve("cache")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*",
        "",
        " ",
        "a..b",
        "main.lock",
        "feature/",
        "a b",
        "refs/heads/main",
        "HEAD",
        "x~1",
        "new:branch",
        "a\nb"
      })
  void refusesAnInvalidBranchBeforeTouchingTheDisk(String branch) throws Exception {
    var tipBefore = remote.tip();

    PublishOutcome outcome = workspace.publish(with(request(), remote.url, branch));

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
    var refused = (PublishOutcome.Refused) outcome;
    assertThat(refused.reason()).isEqualTo(Reasons.INVALID_ENVIRONMENT);
    assertThat(refused.message()).startsWith("the git branch ").doesNotContain("\n");
    assertThat(tmp.resolve("cache")).doesNotExist();
    assertThat(remote.tip()).isEqualTo(tipBefore);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "ftp://git.example.com/a.git",
        "git://git.example.com/a.git",
        "ext::sh -c touch% /tmp/x",
        "/srv/git/deploy.git",
        "deploy.git",
        "https://",
        "https:///a.git",
        "file://host/srv/a.git",
        "https://git.example.com/a b.git",
        "ssh://git.example.com",
        "https://bot:s3cr3t@git.example.com\n/a.git",
        "-oProxyCommand=x:path"
      })
  void refusesAnInvalidUrlBeforeTouchingTheDisk(String url) throws Exception {
    PublishOutcome outcome = workspace.publish(with(request(), url, "main"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
    var refused = (PublishOutcome.Refused) outcome;
    assertThat(refused.reason()).isEqualTo(Reasons.INVALID_ENVIRONMENT);
    assertThat(refused.message()).startsWith("the git URL ").doesNotContain("s3cr3t");
    assertThat(tmp.resolve("cache")).doesNotExist();
  }

  @Test
  void refusesAMissingUrl() throws Exception {
    assertThat(workspace.publish(with(request(), null, "main")))
        .isEqualTo(new PublishOutcome.Refused(Reasons.INVALID_ENVIRONMENT, "the git URL is empty"));
  }

  @Test
  void namesTheSchemeOfAnUnsupportedUrlWithoutItsSecret() throws Exception {
    assertThat(workspace.publish(with(request(), "git://bot:s3cr3t@git.example.com/a.git", "main")))
        .isEqualTo(
            new PublishOutcome.Refused(
                Reasons.INVALID_ENVIRONMENT,
                "the git URL git://***@git.example.com/a.git uses the scheme git;"
                    + " use https, ssh, http or file"));
  }

  private static void assertPlain(String message, Path cache) {
    assertThat(message)
        .doesNotContain(cache.toString())
        .doesNotContain(cache.toAbsolutePath().toString())
        .doesNotContainPattern("\\b(?:java|javax|jdk|sun|org\\.eclipse)\\.[a-z]")
        .doesNotContainPattern("\\w+(Exception|Error)\\b");
  }

  @Test
  void startsOverWhenTheCachedCloneIsLocked() throws Exception {
    workspace.publish(request());
    Path clone;
    try (Stream<Path> dirs = Files.list(tmp.resolve("cache"))) {
      clone = dirs.findFirst().orElseThrow();
    }
    // What a crash in the middle of a checkout leaves behind: the same publish clones afresh.
    Files.writeString(clone.resolve(".git/index.lock"), "");
    String next = "sha256:" + "c".repeat(64);

    var outcome = (PublishOutcome.Pushed) workspace.publish(request(remote.url, next, "uid-2"));

    assertThat(remote.tip().name()).isEqualTo(outcome.commit());
    assertThat(remote.read(PATH)).isEqualTo(PINNED.replace(DIGEST, next));
    assertThat(clone.resolve(".git/index.lock")).doesNotExist();
  }

  @Test
  void backoffIsJitteredAndCapped() {
    for (int attempt = 1; attempt <= 30; attempt++) {
      Duration d = JgitWorkspace.backoff(attempt);
      assertThat(d).isLessThanOrEqualTo(JgitWorkspace.BACKOFF_CAP);
      assertThat(d).isGreaterThanOrEqualTo(JgitWorkspace.BACKOFF_BASE.dividedBy(2));
    }
  }

  private PublishOutcome publishUnchecked(PublishRequest req) {
    try {
      return workspace.publish(req);
    } catch (GitException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Path> onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
