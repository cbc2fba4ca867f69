package dev.shipproof.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real git server over SSH for tests: Debian's OpenSSH server ({@code /usr/sbin/sshd}) run as the
 * current user in the foreground, listening only on 127.0.0.1 at a free port, with its own
 * configuration, generated ed25519 host key and {@code authorized_keys} in a temporary directory.
 * Git runs through the user's login shell, so hooks in the bare repositories run (pre-receive
 * rejections can be tested; {@code file://} runs no hooks).
 *
 * <pre>{@code
 * try (SshGitServer sshd = SshGitServer.start(tmp)) {
 *   SshGitServer.ClientKey key = sshd.authorize(SshGitServer.generateKey(tmp, "ed25519", null));
 *   String url = sshd.url(bareRepo);           // ssh://user@127.0.0.1:port/abs/path
 *   String knownHosts = sshd.knownHostsLine(); // [127.0.0.1]:port ssh-ed25519 AAAA...
 * }
 * }</pre>
 *
 * <p>Tests skip with {@link #available()} only when sshd or ssh-keygen is not installed ({@code
 * scripts/install-test-deps} installs openssh-server, so CI runs them).
 */
public final class SshGitServer implements AutoCloseable {
  public static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final Duration STARTUP = Duration.ofSeconds(15);

  /**
   * A client key pair written by ssh-keygen.
   *
   * @param privateKey the private key in OpenSSH form (encrypted when a passphrase was given)
   * @param publicKey the one-line public key, {@code ssh-ed25519 AAAA... comment}
   * @param passphrase the passphrase, or {@code null}
   * @param file the private key file
   */
  public record ClientKey(String privateKey, String publicKey, String passphrase, Path file) {
    @Override
    public String toString() {
      return "test key " + file.getFileName();
    }
  }

  private final Path dir;
  private final int port;
  private final String hostPublicKey;
  private final Path authorizedKeys;
  private final Path log;
  private final Process process;

  private SshGitServer(Path dir, int port, String hostPublicKey, Process process) {
    this.dir = dir;
    this.port = port;
    this.hostPublicKey = hostPublicKey;
    this.authorizedKeys = dir.resolve("authorized_keys");
    this.log = dir.resolve("sshd.log");
    this.process = process;
  }

  /** True when sshd and ssh-keygen are installed. */
  public static boolean available() {
    return Files.isExecutable(SSHD) && which("ssh-keygen");
  }

  /** Why tests are skipped when {@link #available()} is false. */
  public static String unavailableMessage() {
    return SSHD
        + " or ssh-keygen is not installed (apt-get install openssh-server, or run"
        + " scripts/install-test-deps); SSH tests skipped";
  }

  /**
   * Starts sshd with a fresh host key and an empty {@code authorized_keys} under {@code parent}.
   */
  public static SshGitServer start(Path parent) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(parent, "sshd-");
    Path hostKey = dir.resolve("ssh_host_ed25519_key");
    run(
        List.of(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "test-host",
            "-f",
            hostKey.toString()));
    Files.writeString(dir.resolve("authorized_keys"), "", StandardCharsets.UTF_8);
    int port = freePort();
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "ListenAddress 127.0.0.1",
            "Port " + port,
            "HostKey " + hostKey,
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PidFile " + dir.resolve("sshd.pid"),
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "AllowTcpForwarding no",
            "X11Forwarding no",
            "PrintMotd no",
            "LogLevel VERBOSE",
            ""),
        StandardCharsets.UTF_8);
    if (isRoot()) {
      // sshd started by root chroots its unprivileged child into this directory.
      Path privsep = Path.of("/run/sshd");
      if (!Files.isDirectory(privsep)) {
        Files.createDirectories(
            privsep,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      }
    }
    Path log = dir.resolve("sshd.log");
    Process process =
        new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    String hostPublic = Files.readString(dir.resolve("ssh_host_ed25519_key.pub")).strip();
    SshGitServer server = new SshGitServer(dir, port, hostPublic, process);
    server.awaitListening();
    return server;
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("sshd exited at startup: " + Files.readString(log));
      }
      if (Files.exists(log) && Files.readString(log).contains("Server listening on")) {
        return;
      }
      Thread.sleep(20);
    }
    close();
    throw new IOException("sshd did not listen within " + STARTUP + ": " + Files.readString(log));
  }

  /** The ssh URL of a bare repository on this machine, for the current user. */
  public String url(Path bareRepo) {
    return "ssh://"
        + System.getProperty("user.name")
        + "@127.0.0.1:"
        + port
        + bareRepo.toAbsolutePath().normalize();
  }

  public int port() {
    return port;
  }

  /** The {@code known_hosts} line for this server: {@code [127.0.0.1]:port ssh-ed25519 AAAA...}. */
  public String knownHostsLine() {
    String[] parts = hostPublicKey.split("\\s+");
    return "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1];
  }

  /** Lets {@code key} log in; returns it. */
  public ClientKey authorize(ClientKey key) throws IOException {
    Files.writeString(
        authorizedKeys, key.publicKey() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return key;
  }

  /** What sshd logged so far (connections, authentications). */
  public String log() throws IOException {
    return Files.readString(log);
  }

  /**
   * Generates a key pair with ssh-keygen under {@code parent}.
   *
   * @param type {@code ed25519} or {@code rsa} (3072 bits)
   * @param passphrase encrypts the private key, or {@code null}
   */
  public static ClientKey generateKey(Path parent, String type, String passphrase)
      throws IOException, InterruptedException {
    Path keyDir = Files.createTempDirectory(parent, "key-");
    Path file = keyDir.resolve("id_" + type);
    List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type));
    if (type.equals("rsa")) {
      command.addAll(List.of("-b", "3072"));
    }
    command.addAll(
        List.of(
            "-N",
            passphrase == null ? "" : passphrase,
            "-C",
            "shipproof-test",
            "-f",
            file.toString()));
    run(command);
    return new ClientKey(
        Files.readString(file),
        Files.readString(keyDir.resolve("id_" + type + ".pub")).strip(),
        passphrase,
        file);
  }

  /** Installs a pre-receive hook that prints {@code message} to stderr and refuses every push. */
  public static void rejectPushes(Path bareRepo, String message) throws IOException {
    Path hook = bareRepo.resolve("hooks").resolve("pre-receive");
    Files.createDirectories(hook.getParent());
    Files.writeString(
        hook,
        "#!/bin/sh\necho '" + message.replace("'", "") + "' >&2\nexit 1\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean which(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command.subList(0, 2)) + " failed: " + out);
    }
  }
}
