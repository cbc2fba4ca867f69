package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shipproof.gitops.CommitSigning;
import dev.shipproof.gitops.GitCredentials;
import dev.shipproof.testing.SshGitServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which Secret keys make which git credentials, and which Secrets are refused and why. */
class GitSecretsTest {
  private static final String WHERE = "Secret payments/git (spec.git.credentialsSecret)";
  private static final String SECRET_VALUE = "s3cr3t-Value-never-shown";
  private static final String KNOWN_HOSTS =
      "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

  @TempDir static Path keys;
  private static SshGitServer.ClientKey ed25519;
  private static SshGitServer.ClientKey locked;

  @BeforeAll
  static void keys() throws Exception {
    if (SshGitServer.available()) {
      ed25519 = SshGitServer.generateKey(keys, "ed25519", null);
      locked = SshGitServer.generateKey(keys, "ed25519", "correct horse");
    }
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of(
            "username and password",
            Map.of("username", "ci-bot", "password", SECRET_VALUE + "\n"),
            new GitCredentials.Basic("ci-bot", SECRET_VALUE)),
        Arguments.of(
            "token alone, user git",
            Map.of("token", SECRET_VALUE),
            new GitCredentials.Basic("git", SECRET_VALUE)),
        Arguments.of(
            "token with a username",
            Map.of("token", SECRET_VALUE + "\n", "username", "x-access-token"),
            new GitCredentials.Basic("x-access-token", SECRET_VALUE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void readsHttpsCredentials(String name, Map<String, String> data, GitCredentials expected)
      throws Exception {
    assertThat(GitSecrets.credentials(WHERE, data)).isEqualTo(expected);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("no known key", Map.of("user", "x"), "has none of the keys"),
        Arguments.of("password without username", Map.of("password", SECRET_VALUE), "no username"),
        Arguments.of("username without password", Map.of("username", "ci"), "no password"),
        Arguments.of(
            "token and password",
            Map.of("token", SECRET_VALUE, "password", SECRET_VALUE),
            "both token and password"),
        Arguments.of("empty token", Map.of("token", "  "), "key token is empty"),
        Arguments.of(
            "identity without known_hosts",
            Map.of("identity", "-----BEGIN OPENSSH PRIVATE KEY-----\nxx\n"),
            "no known_hosts"),
        Arguments.of(
            "known_hosts without identity", Map.of("known_hosts", KNOWN_HOSTS), "no identity"),
        Arguments.of(
            "ssh and https keys together",
            Map.of("identity", "k", "known_hosts", KNOWN_HOSTS, "password", SECRET_VALUE),
            "both SSH keys"),
        Arguments.of(
            "identity that is not a key",
            Map.of("identity", SECRET_VALUE, "known_hosts", KNOWN_HOSTS),
            "is not an OpenSSH or PEM private key"),
        Arguments.of(
            "sshPrivateKey alias that is not a key",
            Map.of("sshPrivateKey", SECRET_VALUE, "known_hosts", KNOWN_HOSTS),
            "key sshPrivateKey is not an OpenSSH or PEM private key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesUnusableCredentialsNamingTheKeyNeverTheValue(
      String name, Map<String, String> data, String because) {
    assertThatThrownBy(() -> GitSecrets.credentials(WHERE, data))
        .isInstanceOf(GitSecrets.Invalid.class)
        .hasMessageStartingWith(WHERE)
        .hasMessageContaining(because)
        .hasMessageNotContaining(SECRET_VALUE);
  }

  @Test
  void readsAnSshKeyWithKnownHostsUnderEveryName() throws Exception {
    assumeTrue(SshGitServer.available(), SshGitServer.unavailableMessage());
    for (String name : new String[] {"identity", "sshPrivateKey", "ssh-privatekey"}) {
      var creds =
          GitSecrets.credentials(
              WHERE, Map.of(name, ed25519.privateKey(), "known_hosts", KNOWN_HOSTS));
      assertThat(creds)
          .isEqualTo(new GitCredentials.SshKey(ed25519.privateKey(), null, KNOWN_HOSTS));
    }
  }

  @Test
  void refusesKnownHostsThatAreNotHostKeys() {
    assumeTrue(SshGitServer.available(), SshGitServer.unavailableMessage());
    var data = Map.of("identity", ed25519.privateKey(), "known_hosts", "# only a comment\n");

    assertThatThrownBy(() -> GitSecrets.credentials(WHERE, data))
        .hasMessageContaining("known_hosts holds no host key line");
    var garbage = Map.of("identity", ed25519.privateKey(), "known_hosts", "github.com not-a-key");
    assertThatThrownBy(() -> GitSecrets.credentials(WHERE, garbage))
        .hasMessageContaining("known_hosts line 1");
  }

  @Test
  void refusesAnEncryptedKeyWithoutOrWithAWrongPassphrase() {
    assumeTrue(SshGitServer.available(), SshGitServer.unavailableMessage());
    var none = Map.of("identity", locked.privateKey(), "known_hosts", KNOWN_HOSTS);
    Map<String, String> wrong = new HashMap<>(none);
    wrong.put("passphrase", "battery staple");

    assertThatThrownBy(() -> GitSecrets.credentials(WHERE, none))
        .hasMessageContaining("key identity is encrypted and no passphrase was given");
    assertThatThrownBy(() -> GitSecrets.credentials(WHERE, wrong))
        .hasMessageContaining("key identity cannot be decrypted with the given passphrase")
        .hasMessageNotContaining("battery");
  }

  @Test
  void tellsSshFromOpenPgpSigningKeysByTheirHeader() throws Exception {
    assumeTrue(SshGitServer.available(), SshGitServer.unavailableMessage());
    String signing = "Secret payments/sign (spec.git.signingSecret)";

    assertThat(GitSecrets.signing(signing, Map.of("signingKey", ed25519.privateKey())))
        .isEqualTo(new CommitSigning.SshKey(ed25519.privateKey(), null));
    assertThatThrownBy(() -> GitSecrets.signing(signing, Map.of("signingKey", ed25519.publicKey())))
        .hasMessageContaining("holds a public key");
    assertThatThrownBy(() -> GitSecrets.signing(signing, Map.of("key", ed25519.privateKey())))
        .hasMessageContaining("has no signingKey key");
    assertThatThrownBy(() -> GitSecrets.signing(signing, Map.of("signingKey", SECRET_VALUE)))
        .hasMessageContaining("is neither an OpenSSH/PEM private key nor an armored OpenPGP")
        .hasMessageNotContaining(SECRET_VALUE);
    assertThatThrownBy(
            () ->
                GitSecrets.signing(
                    signing,
                    Map.of(
                        "signingKey",
                        "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nnot armor\n"
                            + "-----END PGP PRIVATE KEY BLOCK-----\n")))
        .hasMessageContaining("not an ASCII-armored secret key");
  }
}
