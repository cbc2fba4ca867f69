package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.SshGitServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signed promotion commits, checked by the real git CLI: {@code git verify-commit} with an SSH
 * allowed-signers file, and with GnuPG for OpenPGP.
 */
class CommitSignerTest {
  private static final String PATH = "apps/api/overlays/production/kustomization.yaml";
  private static final String IMAGE = "registry.example.com/payments/api";
  private static final String DIGEST = "sha256:" + "ef".repeat(32);
  private static final String EMAIL = "shipproof@example.com";

  @TempDir Path tmp;
  private TestRemote remote;
  private final List<Path> gnupgHomes = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    remote =
        TestRemote.create(
            tmp, Map.of(PATH, "images:\n  - name: " + IMAGE + "\n    newTag: 1.4.2\n"));
  }

  @AfterEach
  void tearDown() throws Exception {
    remote.close();
    for (Path home : gnupgHomes) {
      run(Map.of(), List.of("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent"));
    }
  }

  private PublishOutcome publish(CommitSigning signing) throws GitException {
    ImageRef pinned = ImageRef.parse(IMAGE + "@" + DIGEST);
    var info = new PromotionInfo("payments", "api-1", "uid-1", "production", pinned, "R", "sig");
    var request =
        new PublishRequest(
            remote.url,
            TestRemote.BRANCH,
            "Shipproof",
            EMAIL,
            List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
            pinned,
            CommitMessage.build(info),
            "uid-1",
            new GitAccess(GitCredentials.NONE, signing));
    // The real clock: gpg refuses a signature older than its key.
    return new JgitWorkspace(tmp.resolve("cache"), Clock.systemUTC(), d -> {}, null)
        .publish(request);
  }

  @Test
  void sshSignedCommitVerifiesWithGit() throws Exception {
    assumeTrue(SshGitServer.available(), SshGitServer.unavailableMessage());
    var key = SshGitServer.generateKey(tmp, "ed25519", null);

    String commit = pushed(publish(new CommitSigning.SshKey(key.privateKey(), null)));

    assertThat(catFile(commit)).contains("gpgsig -----BEGIN SSH SIGNATURE-----");
    Result verify = verifySsh(commit, key);
    assertThat(verify.exit()).as(verify.output()).isZero();
    assertThat(verify.output()).contains("Good \"git\" signature for " + EMAIL);
    assertClonesHoldNoKey(key.privateKey());
  }

  @Test
  void sshSignatureByAnRsaKeyWithPassphraseVerifiesWithGit() throws Exception {
    assumeTrue(SshGitServer.available(), SshGitServer.unavailableMessage());
    var key = SshGitServer.generateKey(tmp, "rsa", "sign-pass");

    String commit = pushed(publish(new CommitSigning.SshKey(key.privateKey(), "sign-pass")));

    Result verify = verifySsh(commit, key);
    assertThat(verify.exit()).as(verify.output()).isZero();
  }

  @Test
  void anotherSignersKeyDoesNotVerify() throws Exception {
    assumeTrue(SshGitServer.available(), SshGitServer.unavailableMessage());
    var key = SshGitServer.generateKey(tmp, "ed25519", null);
    var other = SshGitServer.generateKey(tmp, "ed25519", null);

    String commit = pushed(publish(new CommitSigning.SshKey(key.privateKey(), null)));

    assertThat(verifySsh(commit, other).exit()).isNotZero();
  }

  @Test
  void openPgpRsaSignedCommitVerifiesWithGit() throws Exception {
    assumeTrue(gpgAvailable(), "gpg is not installed (apt-get install gnupg)");
    Path home = gnupgHome();
    String armored = generatePgpKey(home, "rsa2048", "pgp-pass");

    String commit = pushed(publish(new CommitSigning.OpenPgp(armored, "pgp-pass")));

    assertThat(catFile(commit)).contains("gpgsig -----BEGIN PGP SIGNATURE-----");
    Result verify =
        run(
            Map.of("GNUPGHOME", home.toString()),
            List.of("git", "-C", remote.bare.toString(), "verify-commit", "-v", commit));
    assertThat(verify.exit()).as(verify.output()).isZero();
    assertThat(verify.output()).contains("Good signature from \"Shipproof Test <" + EMAIL + ">\"");
    assertClonesHoldNoKey("PGP PRIVATE KEY");
  }

  @Test
  void refusesEd25519OpenPgpKey() throws Exception {
    assumeTrue(gpgAvailable(), "gpg is not installed (apt-get install gnupg)");
    String armored = generatePgpKey(gnupgHome(), "ed25519", "");
    var before = remote.tip();

    assertThatThrownBy(() -> publish(new CommitSigning.OpenPgp(armored, null)))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.GIT_CREDENTIALS_INVALID);
              assertThat(e.getMessage())
                  .contains("not an RSA key")
                  .doesNotContain("PRIVATE KEY BLOCK");
            });
    assertThat(remote.tip()).isEqualTo(before);
  }

  @Test
  void wrongOpenPgpPassphraseIsGitCredentialsInvalid() throws Exception {
    assumeTrue(gpgAvailable(), "gpg is not installed (apt-get install gnupg)");
    String armored = generatePgpKey(gnupgHome(), "rsa2048", "pgp-pass");

    assertThat(CommitSigner.problem(new CommitSigning.OpenPgp(armored, "wrong")))
        .hasValueSatisfying(
            m -> assertThat(m).contains("cannot be unlocked").doesNotContain("wrong"));
    assertThat(CommitSigner.problem(new CommitSigning.OpenPgp(armored, null)))
        .hasValueSatisfying(m -> assertThat(m).contains("no passphrase was given"));
  }

  @ParameterizedTest(name = "pin strategy: {0}")
  @ValueSource(booleans = {false, true})
  void rollbackCommitsAreSignedToo(boolean pin) throws Exception {
    assumeTrue(SshGitServer.available(), SshGitServer.unavailableMessage());
    var key = SshGitServer.generateKey(tmp, "ed25519", null);
    var signing =
        new GitAccess(GitCredentials.NONE, new CommitSigning.SshKey(key.privateKey(), null));
    String d1 = "sha256:" + "1".repeat(64);
    String d2 = "sha256:" + "2".repeat(64);
    for (String[] p : new String[][] {{"r1", d1}, {"r2", d2}}) {
      var ref = ImageRef.parse(IMAGE + "@" + p[1]);
      var info = new PromotionInfo("payments", p[0], p[0] + "-uid", "production", ref, "R", "sig");
      remote.commit(
          Map.of(PATH, "images:\n  - name: " + IMAGE + "\n    digest: " + p[1] + "\n"),
          CommitMessage.build(info));
    }
    var query =
        new RollbackQuery(
            remote.url,
            TestRemote.BRANCH,
            "production",
            List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
            new RollbackTo.Previous(),
            "rb",
            100,
            signing);
    var workspace = new JgitWorkspace(tmp.resolve("cache"), Clock.systemUTC(), d -> {}, null);
    var plan = (RollbackPlan.Ready) workspace.plan(query);
    var ref = ImageRef.parse(IMAGE + "@" + plan.target().digest());
    var info = new PromotionInfo("payments", "rb", "rb", "production", ref, "INC-1", "sig");
    var write =
        new PublishRequest(
            remote.url,
            TestRemote.BRANCH,
            "Shipproof",
            EMAIL,
            List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
            ref,
            CommitMessage.build(
                info, new CommitMessage.Extras(plan.revert(), plan.current().digest(), null)),
            "rb",
            signing);

    String commit = pushed(workspace.rollBack(query, plan, pin, write));

    Result verify = verifySsh(commit, key);
    assertThat(verify.exit()).as(verify.output()).isZero();
  }

  @Test
  void unsignedByDefault() throws Exception {
    String commit = pushed(publish(CommitSigning.NONE));

    assertThat(catFile(commit)).doesNotContain("gpgsig");
  }

  private static String pushed(PublishOutcome outcome) {
    assertThat(outcome).isInstanceOf(PublishOutcome.Pushed.class);
    return ((PublishOutcome.Pushed) outcome).commit();
  }

  private String catFile(String commit) throws Exception {
    return run(Map.of(), List.of("git", "-C", remote.bare.toString(), "cat-file", "commit", commit))
        .output();
  }

  private Result verifySsh(String commit, SshGitServer.ClientKey signer) throws Exception {
    Path allowed = Files.createTempFile(tmp, "allowed-signers", "");
    Files.writeString(allowed, EMAIL + " namespaces=\"git\" " + signer.publicKey() + "\n");
    return run(
        Map.of(),
        List.of(
            "git",
            "-C",
            remote.bare.toString(),
            "-c",
            "gpg.format=ssh",
            "-c",
            "gpg.ssh.allowedSignersFile=" + allowed,
            "verify-commit",
            commit));
  }

  /** The key never reaches the working clone's config or files. */
  private void assertClonesHoldNoKey(String fragment) throws IOException {
    try (var files = Files.walk(tmp.resolve("cache"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.toString().contains("/objects/")) {
          continue;
        }
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1))
            .as(f.toString())
            .doesNotContain(fragment)
            .doesNotContainIgnoringCase("signingkey");
      }
    }
  }

  private Path gnupgHome() throws IOException {
    // gpg-agent's socket path must stay short: a directory right under /tmp.
    Path home = Files.createTempDirectory(Path.of("/tmp"), "gpg-");
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    gnupgHomes.add(home);
    return home;
  }

  private static String generatePgpKey(Path home, String algorithm, String passphrase)
      throws Exception {
    List<String> gpg =
        List.of(
            "gpg",
            "--homedir",
            home.toString(),
            "--batch",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            passphrase);
    List<String> gen = new ArrayList<>(gpg);
    gen.addAll(
        List.of("--quick-gen-key", "Shipproof Test <" + EMAIL + ">", algorithm, "sign", "never"));
    Result made = run(Map.of(), gen);
    assertThat(made.exit()).as(made.output()).isZero();
    List<String> export = new ArrayList<>(gpg);
    export.addAll(List.of("--armor", "--export-secret-keys", EMAIL));
    Result exported = run(Map.of(), export);
    assertThat(exported.exit()).as(exported.output()).isZero();
    String out = exported.output();
    return out.substring(out.indexOf("-----BEGIN PGP PRIVATE KEY BLOCK-----"));
  }

  private static boolean gpgAvailable() {
    try {
      return run(Map.of(), List.of("gpg", "--version")).exit() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  record Result(int exit, String output) {}

  private static Result run(Map<String, String> env, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command.get(0));
    }
    return new Result(p.exitValue(), out);
  }
}
