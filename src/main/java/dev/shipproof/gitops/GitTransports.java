package dev.shipproof.gitops;

import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Turns a request's {@link GitAccess} into the JGit transport settings of one fetch, push or
 * ls-remote. Credentials live only in the returned callback, for the length of one operation: they
 * are never written to a clone's {@code .git/config}, a credential store or a URL.
 */
public final class GitTransports {
  /**
   * Seconds a remote operation may wait for the server to answer, when the caller sets nothing else
   * ({@code shipproof.git.timeout}). JGit's own default is to wait for ever: a server that accepts
   * the connection and then says nothing held the promotion, its branch lock and its repository
   * slot until the operator restarted.
   */
  public static final int DEFAULT_TIMEOUT_SECONDS = 60;

  private GitTransports() {}

  /**
   * Settings that bound every remote operation: connecting, and each wait for the server, end after
   * {@code seconds} with a transport error (an outage: {@code GitUnavailable}, retried). The bound
   * is per wait, not for the whole operation, so a large fetch that keeps making progress is not
   * cut.
   */
  public static TransportConfigCallback timeout(int seconds) {
    if (seconds < 1) {
      throw new IllegalArgumentException("git timeout must be at least 1 s: " + seconds);
    }
    return transport -> transport.setTimeout(seconds);
  }

  /**
   * The settings for {@code access}: HTTP basic credentials on HTTP(S) transports for {@link
   * GitCredentials.Basic}; the key and {@code known_hosts} on SSH transports for {@link
   * GitCredentials.SshKey} ({@link SshTransport}); nothing for {@link GitCredentials#NONE}.
   *
   * @param access the request's credentials
   * @param base settings applied to every transport after the default timeout of {@value
   *     #DEFAULT_TIMEOUT_SECONDS} s, which it may replace ({@link #timeout(int)}, tests); may be
   *     {@code null}
   * @throws GitException with reason {@code GitCredentialsInvalid} when an SSH key or its {@code
   *     known_hosts} cannot be used
   */
  public static TransportConfigCallback of(GitAccess access, TransportConfigCallback base)
      throws GitException {
    GitCredentials credentials = (access == null ? GitAccess.ANONYMOUS : access).credentials();
    TransportConfigCallback ssh =
        credentials instanceof GitCredentials.SshKey key ? SshTransport.forSsh(key) : null;
    return transport -> {
      transport.setTimeout(DEFAULT_TIMEOUT_SECONDS);
      if (base != null) {
        base.configure(transport);
      }
      if (transport instanceof HttpTransport && credentials instanceof GitCredentials.Basic basic) {
        transport.setCredentialsProvider(
            new UsernamePasswordCredentialsProvider(basic.username(), basic.password()));
      } else if (ssh != null) {
        ssh.configure(transport);
      }
    };
  }

  /**
   * Whether {@code e} says the server did not answer within the timeout. Then asking it again (the
   * ls-remote that tells a missing branch from an outage) would only wait as long once more.
   */
  static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.io.InterruptedIOException) {
        return true;
      }
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("timed out") || m.contains("time out") || m.contains("timeout")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why {@code credentials} can never authenticate to {@code url}, as a plain sentence naming no
   * secret; empty when they may. An SSH key cannot log in over HTTP(S), and a password is not sent
   * over SSH. Final: fixing needs a different Secret or URL.
   */
  public static Optional<String> mismatch(String url, GitCredentials credentials) {
    if (url == null || credentials == null || credentials instanceof GitCredentials.None) {
      return Optional.empty();
    }
    String scheme = scheme(url);
    boolean http = scheme.equals("http") || scheme.equals("https");
    if (http && credentials instanceof GitCredentials.SshKey) {
      return Optional.of(
          "the git credentials Secret holds an SSH key, which cannot authenticate to the "
              + scheme
              + " URL "
              + GitUrls.redact(url)
              + "; give username and password (or token) in the Secret, or use an ssh:// URL");
    }
    if (!http && !scheme.equals("file") && credentials instanceof GitCredentials.Basic) {
      return Optional.of(
          "the git credentials Secret holds a username and password, which Shipproof sends only"
              + " over http(s), not to the SSH URL "
              + GitUrls.redact(url)
              + "; give an SSH key in the Secret, or use an https:// URL");
    }
    return Optional.empty();
  }

  private static String scheme(String url) {
    int sep = url.indexOf("://");
    // No scheme: the scp-like user@host:path, which git reads as SSH.
    return sep < 0 ? "ssh" : url.substring(0, sep).toLowerCase(Locale.ROOT);
  }
}
