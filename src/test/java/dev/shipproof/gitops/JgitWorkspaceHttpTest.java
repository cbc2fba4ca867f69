package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.GitHttpServer;
import java.nio.charset.StandardCharsets;
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
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishes and rollbacks against the real {@code git http-backend} with basic auth: credentials,
 * server hooks, branch protection and races that git itself reports.
 */
class JgitWorkspaceHttpTest {
  private static final String PATH = "apps/api/overlays/production/kustomization.yaml";
  private static final String IMAGE = "registry.example.com/payments/api";
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);
  private static final Instant NOW = Instant.parse("2026-12-04T10:15:30Z");
  private static final String OVERLAY =
      "images:\n  - name: registry.example.com/payments/api\n    newTag: 1.4.2\n";
  private static final String USER = "shipproof-bot";
  private static final String PASSWORD = "pa55-Zq8vXr2-not-for-logs";
  private static final String TOKEN = "ghp_tok3nV4lue9x8y7z6-never-shown";

  @TempDir Path tmp;
  private Path root;
  private TestRemote remote;
  private GitHttpServer server;
  private String url;
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void needsHttpBackend() {
    assumeTrue(GitHttpServer.available(), "git http-backend is not installed");
  }

  @BeforeEach
  void setUp() throws Exception {
    root = tmp.resolve("srv");
    remote = TestRemote.create(root, Map.of(PATH, OVERLAY, "README.md", "deploy repo\n"));
    GitHttpServer.allowPushes(remote.bare, Map.of());
    server = GitHttpServer.withUser(root, USER, PASSWORD);
    url = server.url("remote.git");
  }

  @AfterEach
  void tearDown() {
    server.close();
    remote.close();
  }

  private JgitWorkspace workspace(int pushAttempts) {
    return new JgitWorkspace(
        tmp.resolve("cache"), Clock.fixed(NOW, ZoneOffset.UTC), sleeps::add, null, pushAttempts);
  }

  private static GitAccess basic(String user, String password) {
    return new GitAccess(new GitCredentials.Basic(user, password), CommitSigning.NONE);
  }

  private PublishRequest request(String digest, String uid, GitAccess access) {
    ImageRef pinned = ImageRef.parse(IMAGE + "@" + digest);
    var info =
        new PromotionInfo("payments", "api-" + uid, uid, "production", pinned, "Release", "sig");
    return new PublishRequest(
        url,
        TestRemote.BRANCH,
        "Shipproof",
        "shipproof@example.com",
        List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
        pinned,
        CommitMessage.build(info),
        uid,
        access);
  }

  private PublishRequest request(GitAccess access) {
    return request(D1, "uid-1", access);
  }

  private static String pinned(String digest) {
    return "images:\n  - name: registry.example.com/payments/api\n    digest: " + digest + "\n";
  }

  @Test
  void upstreamHistoryIsReadWithTheUpstreamsOwnCredentials() throws Exception {
    workspace(5).publish(request(basic(USER, PASSWORD)));
    JgitHistory history = new JgitHistory(tmp.resolve("history"));

    List<HistoryCommit> commits = history.read(url, TestRemote.BRANCH, basic(USER, PASSWORD), 10);
    GitException anonymous =
        catchThrowableOfType(
            GitException.class,
            () -> new JgitHistory(tmp.resolve("history-anon")).read(url, TestRemote.BRANCH, 10));

    assertThat(commits).isNotEmpty();
    assertThat(commits.get(0).trailer(CommitMessage.PROMOTION)).endsWith("uid-1");
    assertThat(anonymous.reason()).isEqualTo(Reasons.GIT_UNAUTHORIZED);
    assertThat(anonymous.getMessage()).doesNotContain(PASSWORD);
  }

  @Test
  void pushesOverHttpWithBasicAuth() throws Exception {
    ObjectId before = remote.tip();

    PublishOutcome outcome = workspace(5).publish(request(basic(USER, PASSWORD)));

    RevCommit tip = remote.log().get(0);
    assertThat(outcome).isEqualTo(new PublishOutcome.Pushed(tip.name()));
    assertThat(tip.getParent(0).getId()).isEqualTo(before);
    assertThat(remote.read(PATH)).isEqualTo(pinned(D1));
    // The push went through the authenticated smart HTTP endpoint, as this user.
    assertThat(server.requests()).contains("POST /remote.git/git-receive-pack " + USER);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void pushesOverHttpWithTokenAsPassword() throws Exception {
    server.close();
    server = GitHttpServer.withToken(root, TOKEN);
    url = server.url("remote.git");

    PublishOutcome outcome = workspace(5).publish(request(basic("x-access-token", TOKEN)));

    assertThat(outcome).isEqualTo(new PublishOutcome.Pushed(remote.tip().name()));
    assertThat(remote.read(PATH)).isEqualTo(pinned(D1));
    assertThat(server.requests()).contains("POST /remote.git/git-receive-pack x-access-token");
  }

  @Test
  void wrongPasswordIsGitUnauthorizedAndRetried() throws Exception {
    ObjectId before = remote.tip();
    JgitWorkspace ws = workspace(5);

    assertThatThrownBy(() -> ws.publish(request(basic(USER, "wrong-" + PASSWORD))))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.GIT_UNAUTHORIZED);
              assertThat(e.getMessage())
                  .startsWith("fetching " + url + " (branch main): ")
                  .contains("not authorized")
                  .doesNotContain(PASSWORD);
            });
    assertThat(remote.tip()).isEqualTo(before);

    // Retried after the Secret was fixed: the same workspace and clone now push.
    assertThat(ws.publish(request(basic(USER, PASSWORD))))
        .isEqualTo(new PublishOutcome.Pushed(remote.tip().name()));
  }

  @Test
  void noCredentialsForAPrivateRepositoryIsGitUnauthorized() {
    assertThatThrownBy(() -> workspace(5).publish(request(GitAccess.ANONYMOUS)))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.GIT_UNAUTHORIZED);
              assertThat(e.getMessage()).contains("Authentication is required");
            });
  }

  @Test
  void pushForbiddenByTheServerIsGitUnauthorized() throws Exception {
    // Readable by anyone, writable by no one: http-backend answers the push with 403.
    GitHttpServer.allowPushes(remote.bare, Map.of("http.receivepack", "false"));
    server.close();
    server = GitHttpServer.anonymous(root);
    url = server.url("remote.git");
    ObjectId before = remote.tip();

    assertThatThrownBy(() -> workspace(5).publish(request(basic(USER, PASSWORD))))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.GIT_UNAUTHORIZED);
              assertThat(e.getMessage())
                  .startsWith("pushing promotion commit to " + url)
                  .contains("git-receive-pack not permitted");
            });
    assertThat(remote.tip()).isEqualTo(before);
  }

  @Test
  void anSshKeyForAnHttpsUrlIsRefusedAsInvalidCredentials() throws Exception {
    var ssh =
        new GitAccess(
            new GitCredentials.SshKey("-----BEGIN OPENSSH PRIVATE KEY-----", null, "h ssh-ed25519"),
            CommitSigning.NONE);

    PublishOutcome outcome = workspace(5).publish(request(ssh));

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
    var refused = (PublishOutcome.Refused) outcome;
    assertThat(refused.reason()).isEqualTo(Reasons.GIT_CREDENTIALS_INVALID);
    assertThat(refused.message()).contains("SSH key").contains(url).doesNotContain("BEGIN");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void credentialsNeverWrittenToCloneConfig() throws Exception {
    JgitWorkspace ws = workspace(5);
    ws.publish(request(basic(USER, PASSWORD)));
    ws.history(url, "main", basic(USER, PASSWORD), "production", 10);

    Path clone = tmp.resolve("cache");
    String config = Files.readString(firstConfig(clone));
    assertThat(config).contains("url = " + url).doesNotContain(PASSWORD).doesNotContain(USER);
    // Nor anywhere else in the cache: FETCH_HEAD, reflogs, packed refs, objects' names.
    try (Stream<Path> files = Files.walk(clone)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(f);
        } catch (java.nio.file.NoSuchFileException gone) {
          // A lock file of JGit's background repack (gc.log.lock) that came and went meanwhile.
          continue;
        }
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
            .as("%s", clone.relativize(f))
            .doesNotContain(PASSWORD);
      }
    }
  }

  private static Path firstConfig(Path cache) throws Exception {
    try (Stream<Path> files = Files.walk(cache)) {
      return files
          .filter(p -> p.endsWith(".git/config"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no clone under " + cache));
    }
  }

  @Test
  void hookRejectionOverHttpIsFailedWithServerMessage() throws Exception {
    GitHttpServer.rejectAllPushes(remote.bare, "deploys are frozen until 18:00 (INC-4711)");
    ObjectId before = remote.tip();

    PublishOutcome outcome = workspace(5).publish(request(basic(USER, PASSWORD)));

    assertThat(outcome).isInstanceOf(PublishOutcome.Rejected.class);
    var rejected = (PublishOutcome.Rejected) outcome;
    assertThat(rejected.reason()).isEqualTo(Reasons.PUSH_REJECTED);
    assertThat(rejected.message())
        .contains("pre-receive hook declined")
        .contains("deploys are frozen until 18:00 (INC-4711)")
        .doesNotContain(PASSWORD);
    assertThat(remote.tip()).isEqualTo(before);
    assertThat(sleeps).as("a hook's no is final: no retry").isEmpty();
  }

  @Test
  void branchProtectionRejectionIsFailed() throws Exception {
    GitHttpServer.protectBranch(remote.bare, "main");
    ObjectId before = remote.tip();

    PublishOutcome outcome = workspace(5).publish(request(basic(USER, PASSWORD)));

    assertThat(outcome).isInstanceOf(PublishOutcome.Rejected.class);
    var rejected = (PublishOutcome.Rejected) outcome;
    assertThat(rejected.reason()).isEqualTo(Reasons.PUSH_REJECTED);
    assertThat(rejected.message())
        .contains("hook declined")
        .contains("GH006: Protected branch update failed for refs/heads/main.")
        .contains("Changes must be made through a pull request.");
    assertThat(remote.tip()).isEqualTo(before);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void retriesWhenAnotherWriterWinsTheRace() throws Exception {
    // git receive-pack itself loses the ref lock: the branch moved after it read the old value.
    GitHttpServer.anotherWriterWinsRace(remote.bare, "main", 1);
    ObjectId before = remote.tip();

    PublishOutcome outcome = workspace(5).publish(request(basic(USER, PASSWORD)));

    List<RevCommit> log = remote.log();
    assertThat(outcome).isEqualTo(new PublishOutcome.Pushed(log.get(0).name()));
    // Ours on top of the other writer's commit, which is on top of the old tip: nothing lost.
    assertThat(log.get(1).getFullMessage()).startsWith("outside writer 0");
    assertThat(log.get(2).getId()).isEqualTo(before);
    assertThat(remote.read(PATH)).isEqualTo(pinned(D1));
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void givesUpAfterPushAttemptsWithBranchBusyAndLastServerMessage() throws Exception {
    GitHttpServer.anotherWriterWinsRace(remote.bare, "main", 100);

    assertThatThrownBy(() -> workspace(3).publish(request(basic(USER, PASSWORD))))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.BRANCH_BUSY);
              assertThat(e.getMessage())
                  .startsWith(
                      "pushing to "
                          + url
                          + " (branch main): the branch kept moving: 3 pushes lost the race;"
                          + " last answer: ")
                  .contains("failed to update ref")
                  .contains("cannot lock ref 'refs/heads/main'")
                  .contains("but expected")
                  .endsWith("; will retry");
            });
    // The third round's server message is the one reported: the hook ran three times.
    assertThat(remote.log().get(0).getFullMessage()).startsWith("outside writer 2");
    assertThat(remote.read(PATH)).isEqualTo(OVERLAY);
    assertThat(sleeps).hasSize(2).allMatch(d -> d.compareTo(JgitWorkspace.BACKOFF_CAP) <= 0);
  }

  @Test
  void retriesWhenTheBranchMovesBetweenFetchAndPush() throws Exception {
    JgitWorkspace ws = workspace(5);
    List<RevCommit> theirs = new ArrayList<>();
    ws.beforePush(
        attempt -> {
          if (attempt == 1) {
            theirs.add(remote.commit(Map.of("docs/n.txt", "by hand\n"), "docs by hand"));
          }
        });

    PublishOutcome outcome = ws.publish(request(basic(USER, PASSWORD)));

    List<RevCommit> log = remote.log();
    assertThat(outcome).isEqualTo(new PublishOutcome.Pushed(log.get(0).name()));
    assertThat(log.get(1)).isEqualTo(theirs.get(0));
    assertThat(remote.read("docs/n.txt")).isEqualTo("by hand\n");
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void neverForcePushesOverARewrittenHistory() throws Exception {
    // The server would take a forced or rewinding push: only the client can keep history safe.
    GitHttpServer.allowPushes(remote.bare, Map.of("receive.denyNonFastForwards", "false"));
    RevCommit bad = remote.commit(Map.of("secrets.txt", "committed by mistake\n"), "oops");
    ObjectId good = bad.getParent(0).getId();
    JgitWorkspace ws = workspace(5);
    ws.beforePush(
        attempt -> {
          if (attempt == 1) {
            // Someone removes the bad commit by rewinding the branch while we edit on top of it.
            rewind(remote.bare, good);
          }
        });

    PublishOutcome outcome = ws.publish(request(basic(USER, PASSWORD)));

    List<RevCommit> log = remote.log();
    assertThat(outcome).isEqualTo(new PublishOutcome.Pushed(log.get(0).name()));
    // Recomputed on the rewound tip: the removed commit does not come back by fast-forward.
    assertThat(log.get(1).getId()).isEqualTo(good);
    assertThat(log).noneMatch(c -> c.getId().equals(bad.getId()));
    assertThat(sleeps).hasSize(1);
  }

  private static void rewind(Path bare, ObjectId to) throws Exception {
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      RefUpdate update = repo.updateRef("refs/heads/main");
      update.setNewObjectId(to);
      update.setForceUpdate(true);
      assertThat(update.update()).isEqualTo(RefUpdate.Result.FORCED);
    }
  }

  @Test
  void pushesToAServerThatDeniesNonFastForwards() throws Exception {
    GitHttpServer.allowPushes(remote.bare, Map.of("receive.denyNonFastForwards", "true"));
    JgitWorkspace ws = workspace(5);

    ws.publish(request(D1, "uid-1", basic(USER, PASSWORD)));
    PublishOutcome second = ws.publish(request(D2, "uid-2", basic(USER, PASSWORD)));

    assertThat(second).isEqualTo(new PublishOutcome.Pushed(remote.tip().name()));
    assertThat(remote.log()).hasSize(3);
    assertThat(remote.read(PATH)).isEqualTo(pinned(D2));
  }

  @Test
  void rollbackOverHttpUsesTheCredentialsAndRetriesALostRace() throws Exception {
    JgitWorkspace ws = workspace(5);
    GitAccess access = basic(USER, PASSWORD);
    ws.publish(request(D1, "uid-1", access));
    ws.publish(request(D2, "uid-2", access));
    RollbackQuery query =
        new RollbackQuery(
            url,
            TestRemote.BRANCH,
            "production",
            List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
            new RollbackTo.Previous(),
            "rb-uid",
            100,
            access);
    assertThat(ws.history(url, TestRemote.BRANCH, access, "production", 10).entries())
        .extracting(HistoryEntry::digest)
        .containsExactly(D2, D1);
    RollbackPlan plan = ws.plan(query);
    assertThat(plan).isInstanceOf(RollbackPlan.Ready.class);
    var ready = (RollbackPlan.Ready) plan;
    GitHttpServer.anotherWriterWinsRace(remote.bare, "main", 1);

    ImageRef back = ImageRef.parse(IMAGE + "@" + ready.target().digest());
    var info = new PromotionInfo("payments", "rb", "rb-uid", "production", back, "INC-1", "sig");
    String message =
        CommitMessage.build(
            info, new CommitMessage.Extras(ready.revert(), ready.current().digest(), null));
    PublishRequest write =
        new PublishRequest(
            url,
            TestRemote.BRANCH,
            "Shipproof",
            "shipproof@example.com",
            List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
            back,
            message,
            "rb-uid",
            access);
    PublishOutcome outcome = ws.rollBack(query, ready, false, write);

    List<RevCommit> log = remote.log();
    assertThat(outcome).isEqualTo(new PublishOutcome.Pushed(log.get(0).name()));
    assertThat(log.get(1).getFullMessage()).startsWith("outside writer 0");
    assertThat(remote.read(PATH)).isEqualTo(pinned(D1));
    assertThat(sleeps).hasSize(1);
    assertThat(server.requests()).isNotEmpty().allMatch(r -> r.endsWith(" " + USER));
  }
}
