package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.SshGitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git over SSH against Debian's OpenSSH server on 127.0.0.1, with keys and known_hosts. */
class SshGitAccessTest {
  private static final Logger LOG = Logger.getLogger(SshGitAccessTest.class);
  private static final String PATH = "apps/api/overlays/production/kustomization.yaml";
  private static final String IMAGE = "registry.example.com/payments/api";
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static final Instant NOW = Instant.parse("2026-12-04T10:15:30Z");
  private static final String OVERLAY =
      "images:\n  - name: registry.example.com/payments/api\n    newTag: 1.4.2\n";

  @TempDir static Path shared;
  private static SshGitServer sshd;
  private static SshGitServer.ClientKey ed25519;

  @TempDir Path tmp;
  private TestRemote remote;

  @BeforeAll
  static void startSshd() throws Exception {
    assumeTrue(SshGitServer.available(), SshGitServer.unavailableMessage());
    sshd = SshGitServer.start(shared);
    ed25519 = sshd.authorize(SshGitServer.generateKey(shared, "ed25519", null));
  }

  @AfterAll
  static void stopSshd() {
    if (sshd != null) {
      sshd.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    remote = TestRemote.create(tmp, Map.of(PATH, OVERLAY));
  }

  @AfterEach
  void tearDown() {
    remote.close();
  }

  private JgitWorkspace workspace() {
    return new JgitWorkspace(tmp.resolve("cache"), Clock.fixed(NOW, ZoneOffset.UTC), d -> {}, null);
  }

  private PublishRequest request(String uid, String digest, GitAccess access) {
    ImageRef pinned = ImageRef.parse(IMAGE + "@" + digest);
    var info =
        new PromotionInfo("payments", "api-" + uid, uid, "production", pinned, "Release", "sig");
    return new PublishRequest(
        sshd.url(remote.bare),
        TestRemote.BRANCH,
        "Shipproof",
        "shipproof@example.com",
        List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
        pinned,
        CommitMessage.build(info),
        uid,
        access);
  }

  private static GitAccess ssh(SshGitServer.ClientKey key, String knownHosts) {
    return new GitAccess(
        new GitCredentials.SshKey(key.privateKey(), key.passphrase(), knownHosts),
        CommitSigning.NONE);
  }

  @Test
  void pushesOverSshWithKeyAndKnownHosts() throws Exception {
    var before = remote.tip();

    PublishOutcome outcome =
        workspace().publish(request("uid-1", DIGEST, ssh(ed25519, sshd.knownHostsLine())));

    assertThat(outcome).isInstanceOf(PublishOutcome.Pushed.class);
    RevCommit tip = remote.log().get(0);
    assertThat(tip.name()).isEqualTo(((PublishOutcome.Pushed) outcome).commit());
    assertThat(tip.getParent(0).getId()).isEqualTo(before);
    assertThat(remote.read(PATH)).contains("digest: " + DIGEST);
    assertThat(sshd.log()).contains("Accepted publickey for " + System.getProperty("user.name"));
  }

  @Test
  void pushesOverSshWithAnRsaKey() throws Exception {
    var rsa = sshd.authorize(SshGitServer.generateKey(tmp, "rsa", null));

    PublishOutcome outcome =
        workspace().publish(request("uid-rsa", DIGEST, ssh(rsa, sshd.knownHostsLine())));

    assertThat(outcome).isInstanceOf(PublishOutcome.Pushed.class);
  }

  @Test
  void passphraseProtectedKeyWorks() throws Exception {
    var locked = sshd.authorize(SshGitServer.generateKey(tmp, "ed25519", "correct horse"));
    assertThat(locked.privateKey()).doesNotContain("correct horse");

    PublishOutcome outcome =
        workspace().publish(request("uid-pass", DIGEST, ssh(locked, sshd.knownHostsLine())));

    assertThat(outcome).isInstanceOf(PublishOutcome.Pushed.class);
  }

  @Test
  void wrongPassphraseIsGitCredentialsInvalidWithoutConnecting() throws Exception {
    var locked = sshd.authorize(SshGitServer.generateKey(tmp, "ed25519", "correct horse"));
    var wrong =
        new GitAccess(
            new GitCredentials.SshKey(locked.privateKey(), "battery staple", sshd.knownHostsLine()),
            CommitSigning.NONE);
    var before = remote.tip();
    String logBefore = sshd.log();

    assertThatThrownBy(() -> workspace().publish(request("uid-wp", DIGEST, wrong)))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.GIT_CREDENTIALS_INVALID);
              assertThat(e.getMessage())
                  .contains("cannot be decrypted with the given passphrase")
                  .doesNotContain("battery")
                  .doesNotContain("PRIVATE KEY");
            });
    assertThat(remote.tip()).isEqualTo(before);
    assertThat(sshd.log()).isEqualTo(logBefore);
  }

  @Test
  void refusesUnknownHostKeyAsGitHostKeyUnknown() throws Exception {
    // known_hosts names this host and port, but with another key: a changed (or spoofed) host.
    var other = SshGitServer.generateKey(tmp, "ed25519", null);
    String wrongKey = "[127.0.0.1]:" + sshd.port() + " " + publicPart(other);
    var before = remote.tip();

    assertThatThrownBy(() -> workspace().publish(request("uid-hk", DIGEST, ssh(ed25519, wrongKey))))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.GIT_HOST_KEY_UNKNOWN);
              assertThat(e.getMessage())
                  .contains("SSH host key of")
                  .contains("SHA256:")
                  .contains("does not match");
            });
    assertThat(remote.tip()).isEqualTo(before);
  }

  @Test
  void neverTrustsHostOnFirstUse() throws Exception {
    Path userKnownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    String userFileBefore =
        Files.exists(userKnownHosts) ? Files.readString(userKnownHosts) : "<absent>";
    var other = SshGitServer.generateKey(tmp, "ed25519", null);
    var before = remote.tip();

    // Another host only: this server is unknown and is not added.
    String otherHost = "git.example.com " + publicPart(other);
    assertThatThrownBy(
            () -> workspace().publish(request("uid-tofu", DIGEST, ssh(ed25519, otherHost))))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.GIT_HOST_KEY_UNKNOWN);
              assertThat(e.getMessage()).contains("is not in known_hosts");
            });
    // An empty known_hosts is unusable: refused before connecting.
    assertThatThrownBy(() -> workspace().publish(request("uid-empty", DIGEST, ssh(ed25519, ""))))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.GIT_CREDENTIALS_INVALID);
              assertThat(e.getMessage()).contains("known_hosts holds no host key line");
            });

    assertThat(remote.tip()).isEqualTo(before);
    String userFileAfter =
        Files.exists(userKnownHosts) ? Files.readString(userKnownHosts) : "<absent>";
    assertThat(userFileAfter).isEqualTo(userFileBefore);
  }

  @Test
  void wrongKeyIsGitUnauthorized() throws Exception {
    var stranger = SshGitServer.generateKey(tmp, "ed25519", null);
    var before = remote.tip();

    assertThatThrownBy(
            () ->
                workspace()
                    .publish(request("uid-wk", DIGEST, ssh(stranger, sshd.knownHostsLine()))))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.GIT_UNAUTHORIZED);
              assertThat(e.getMessage())
                  .contains("Cannot log in at 127.0.0.1:" + sshd.port())
                  .contains("server refused ssh-ed25519 key SHA256:")
                  .doesNotContain("PRIVATE KEY");
            });
    assertThat(remote.tip()).isEqualTo(before);
  }

  @Test
  void hookRejectionOverSshIsFailedWithServerMessage() throws Exception {
    SshGitServer.rejectPushes(remote.bare, "main is protected: open a pull request");
    var before = remote.tip();

    PublishOutcome outcome =
        workspace().publish(request("uid-hook", DIGEST, ssh(ed25519, sshd.knownHostsLine())));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(Reasons.PUSH_REJECTED);
              assertThat(r.message()).contains("main is protected: open a pull request");
            });
    assertThat(remote.tip()).isEqualTo(before);
  }

  @Test
  void fetchAndPushOfOnePublishShareOneSshConnection() throws Exception {
    var fresh = sshd.authorize(SshGitServer.generateKey(tmp, "ed25519", null));
    GitAccess access = ssh(fresh, sshd.knownHostsLine());
    int before = accepted();

    workspace().publish(request("uid-c1", DIGEST, access));
    workspace().publish(request("uid-c2", "sha256:" + "cd".repeat(32), access));

    // Two publishes: two fetches and two pushes, one login.
    assertThat(remote.log()).hasSize(3);
    assertThat(accepted() - before).isEqualTo(1);
  }

  private static int accepted() throws Exception {
    return (int) sshd.log().lines().filter(l -> l.contains("Accepted publickey")).count();
  }

  @Test
  void readsHistoryOverSshWithTheEnvironmentsAccess() throws Exception {
    GitAccess access = ssh(ed25519, sshd.knownHostsLine());
    workspace().publish(request("uid-h", DIGEST, access));

    var history =
        workspace().history(sshd.url(remote.bare), TestRemote.BRANCH, access, "production", 50);

    assertThat(history.entries()).extracting(HistoryEntry::digest).containsExactly(DIGEST);
  }

  /**
   * Measures one publish over SSH (fetch + push, two SSH connections) against the same publish over
   * file://, warm clone in both. Prints the figures; asserts only that SSH worked.
   */
  @Test
  void measuresTheSshConnectionCostOfOnePublish() throws Exception {
    GitAccess access = ssh(ed25519, sshd.knownHostsLine());
    JgitWorkspace overSsh = workspace();
    JgitWorkspace overFile =
        new JgitWorkspace(
            tmp.resolve("cache-file"), Clock.fixed(NOW, ZoneOffset.UTC), d -> {}, null);
    int rounds = 8;
    List<Long> ssh = new ArrayList<>();
    List<Long> file = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      String digest = "sha256:" + String.format("%064x", i + 1);
      long t0 = System.nanoTime();
      assertThat(overSsh.publish(request("ssh-" + i, digest, access)))
          .isInstanceOf(PublishOutcome.Pushed.class);
      ssh.add((System.nanoTime() - t0) / 1_000_000);
      String digest2 = "sha256:" + String.format("%064x", 1000 + i);
      PublishRequest viaFile = withUrl(request("file-" + i, digest2, GitAccess.ANONYMOUS));
      long t1 = System.nanoTime();
      assertThat(overFile.publish(viaFile)).isInstanceOf(PublishOutcome.Pushed.class);
      file.add((System.nanoTime() - t1) / 1_000_000);
    }
    String line =
        String.format(
            "publish (fetch+commit+push), warm clone, %d rounds: ssh first %d ms, ssh median of"
                + " rest %d ms; file:// median %d ms",
            rounds, ssh.get(0), median(ssh.subList(1, rounds)), median(file.subList(1, rounds)));
    LOG.info(line);
    System.out.println(line);
    assertThat(remote.log()).hasSizeGreaterThanOrEqualTo(2 * rounds);
  }

  private PublishRequest withUrl(PublishRequest r) {
    return new PublishRequest(
        remote.url,
        r.branch(),
        r.authorName(),
        r.authorEmail(),
        r.targets(),
        r.pinned(),
        r.message(),
        r.promotionUid(),
        r.access());
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static String publicPart(SshGitServer.ClientKey key) {
    String[] parts = key.publicKey().split("\\s+");
    return parts[0] + " " + parts[1];
  }
}
