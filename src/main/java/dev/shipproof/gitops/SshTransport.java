package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Git over SSH with a key and {@code known_hosts} given in memory (from a Secret), on JGit's Apache
 * MINA sshd transport. Nothing of the operator's own {@code ~/.ssh} is used: the home and SSH
 * directories JGit sees are a private empty directory, no ssh-agent is asked, no key file is read,
 * and the host key is checked against the given {@code known_hosts} only ({@link KnownHosts}): an
 * unknown or changed host key ends the connection, it is never trusted on first use and no one is
 * asked.
 *
 * <p>One session factory is kept per key and {@code known_hosts}, so the key is decrypted once and
 * not per fetch or push, and an SSH connection is reused by the push that follows a fetch ({@link
 * ReusedSshSessions}).
 */
public final class SshTransport {
  /** Session factories kept, least recently used dropped first. */
  private static final int MAX_FACTORIES = 256;

  private static final Map<GitCredentials.SshKey, SshSessionFactory> FACTORIES =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(
            Map.Entry<GitCredentials.SshKey, SshSessionFactory> eldest) {
          // Not closed: a publish may still be using it; its sessions close with their transport.
          return size() > MAX_FACTORIES;
        }
      };

  private static volatile Path emptyHome;

  private SshTransport() {}

  /**
   * The transport settings for git over SSH with {@code key}; transports that are not SSH are left
   * alone.
   *
   * @throws GitException with reason {@code GitCredentialsInvalid} when the key, its passphrase or
   *     {@code known_hosts} cannot be used
   */
  public static TransportConfigCallback forSsh(GitCredentials.SshKey key) throws GitException {
    SshSessionFactory factory = factoryFor(key);
    return transport -> {
      if (transport instanceof org.eclipse.jgit.transport.SshTransport ssh) {
        ssh.setSshSessionFactory(factory);
      }
    };
  }

  /**
   * Why {@code key} cannot be used, as a sentence that never quotes it; empty when it can. Checks
   * that {@code known_hosts} lists at least one host key and that the private key reads with its
   * passphrase; needs no network. The result is cached with the session factory, so the key is
   * decrypted once however often this is asked.
   */
  public static Optional<String> problem(GitCredentials.SshKey key) {
    try {
      factoryFor(key);
      return Optional.empty();
    } catch (GitException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static SshSessionFactory factoryFor(GitCredentials.SshKey key) throws GitException {
    synchronized (FACTORIES) {
      SshSessionFactory cached = FACTORIES.get(key);
      if (cached != null) {
        return cached;
      }
    }
    KnownHosts knownHosts;
    List<KeyPair> keys;
    try {
      knownHosts = KnownHosts.parse(key.knownHosts());
    } catch (IllegalArgumentException e) {
      throw invalid("known_hosts " + e.getMessage());
    }
    try {
      // Decrypted once per factory: OpenSSH's bcrypt key derivation takes seconds by design.
      keys = keyPairs(key.privateKey(), key.passphrase(), "identity");
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    File home = emptyHome().toFile();
    SshdSessionFactory sshd =
        new SshdSessionFactoryBuilder()
            .setHomeDirectory(home)
            .setSshDirectory(new File(home, ".ssh"))
            .setConfigFile(dir -> new File(dir, "config-that-does-not-exist"))
            .setDefaultIdentities(dir -> List.of())
            .setDefaultKeysProvider(dir -> keys)
            .setDefaultKnownHostsFiles(dir -> List.of())
            .setServerKeyDatabase((h, s) -> knownHosts)
            .setKeyPasswordProvider(provider -> NO_PASSWORDS)
            .setPreferredAuthentications("publickey")
            .build(null);
    SshSessionFactory factory = new ReusedSshSessions(sshd);
    synchronized (FACTORIES) {
      return FACTORIES.computeIfAbsent(key, k -> factory);
    }
  }

  private static GitException invalid(String problem) {
    return new GitException(
        "the SSH credentials cannot be used: " + problem, null, Reasons.GIT_CREDENTIALS_INVALID);
  }

  /**
   * The key pairs in an OpenSSH or PEM private key.
   *
   * @param what the Secret key it came from, for the message
   * @throws IllegalArgumentException saying why, never quoting the key
   */
  static List<KeyPair> keyPairs(String privateKey, String passphrase, String what) {
    if (privateKey == null || privateKey.isBlank()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    FilePasswordProvider password =
        passphrase == null || passphrase.isEmpty()
            ? FilePasswordProvider.EMPTY
            : FilePasswordProvider.of(passphrase);
    try {
      Iterable<KeyPair> read =
          SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName(what),
              new ByteArrayInputStream(
                  privateKey.strip().concat("\n").getBytes(StandardCharsets.UTF_8)),
              password);
      List<KeyPair> keys = new ArrayList<>();
      if (read != null) {
        read.forEach(keys::add);
      }
      if (keys.isEmpty()) {
        throw new IllegalArgumentException(what + " is not an OpenSSH or PEM private key");
      }
      return keys;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e instanceof IllegalArgumentException already && already.getMessage().startsWith(what)) {
        throw already;
      }
      if (encrypted(privateKey)) {
        throw new IllegalArgumentException(
            passphrase == null || passphrase.isEmpty()
                ? what + " is encrypted and no passphrase was given"
                : what + " cannot be decrypted with the given passphrase");
      }
      throw new IllegalArgumentException(
          what + " is not an OpenSSH or PEM private key that can be read");
    }
  }

  /** Whether a PEM or OpenSSH private key is protected by a passphrase. */
  static boolean encrypted(String privateKey) {
    if (privateKey.contains("ENCRYPTED")) {
      return true;
    }
    String begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    int start = privateKey.indexOf(begin);
    int end = privateKey.indexOf("-----END OPENSSH PRIVATE KEY-----");
    if (start < 0 || end < start) {
      return false;
    }
    try {
      byte[] blob =
          Base64.getMimeDecoder().decode(privateKey.substring(start + begin.length(), end));
      // "openssh-key-v1\0", then the cipher name as an SSH string: "none" when not encrypted.
      ByteBuffer in = ByteBuffer.wrap(blob);
      in.position(15);
      byte[] cipher = new byte[in.getInt()];
      in.get(cipher);
      return !new String(cipher, StandardCharsets.US_ASCII).equals("none");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The reason for a failed SSH fetch or push: {@code GitHostKeyUnknown} when the host key was
   * refused, {@code GitUnauthorized} when the server refused the key, else {@code null}.
   */
  static String reasonOf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KnownHosts.HostKeyRefused) {
        return Reasons.GIT_HOST_KEY_UNKNOWN;
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (message.contains("no more authentication methods available")
          || message.contains("cannot log in at")
          || message.contains("authentication failed")
          || message.contains("auth fail")) {
        return Reasons.GIT_UNAUTHORIZED;
      }
    }
    return null;
  }

  /** The refused host key's description when the host key was refused. */
  static Optional<String> hostKeyRefusal(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KnownHosts.HostKeyRefused refused) {
        return Optional.of(refused.getMessage());
      }
    }
    return Optional.empty();
  }

  private static Path emptyHome() {
    Path home = emptyHome;
    if (home != null) {
      return home;
    }
    synchronized (SshTransport.class) {
      if (emptyHome == null) {
        try {
          // Owner-only and empty: JGit finds no config, keys or known_hosts here.
          emptyHome =
              Files.createTempDirectory(
                  "shipproof-ssh-",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rwx------")));
          emptyHome.toFile().deleteOnExit();
        } catch (IOException e) {
          throw new UncheckedIOException("creating an empty SSH home directory", e);
        }
      }
      return emptyHome;
    }
  }

  /** Keys come decrypted from the Secret: nothing is ever prompted for. */
  private static final KeyPasswordProvider NO_PASSWORDS =
      new KeyPasswordProvider() {
        @Override
        public char[] getPassphrase(URIish uri, int attempt) {
          return null;
        }

        @Override
        public void setAttempts(int maxNumberOfAttempts) {}

        @Override
        public boolean keyLoaded(URIish uri, int attempt, Exception error) {
          return false;
        }
      };
}
