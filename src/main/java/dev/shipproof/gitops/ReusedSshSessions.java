package dev.shipproof.gitops;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.RemoteSession2;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.SshdSession;
import org.eclipse.jgit.util.FS;
import org.jboss.logging.Logger;

/**
 * Keeps an SSH connection open for a short while after a fetch, so the push that follows (and the
 * next publish to the same server) runs over the same connection instead of paying a new handshake.
 * JGit opens one session per transport and closes it when the transport closes; this factory takes
 * the close as "idle" and hands the session to the next transport for the same user, host and port.
 * An idle session is closed after {@link #IDLE}. A session is used by one transport at a time. When
 * a reused session turns out to be dead (the server or a load balancer dropped it), the command is
 * run once more on a fresh session; nothing ran on the dead one, so this is safe.
 */
final class ReusedSshSessions extends SshSessionFactory {
  private static final Logger LOG = Logger.getLogger(ReusedSshSessions.class);

  /** How long a connection may sit unused before it is closed. */
  static final Duration IDLE = Duration.ofSeconds(30);

  private static final ScheduledExecutorService CLOSER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "shipproof-ssh-idle-closer");
            t.setDaemon(true);
            return t;
          });

  private record Idle(RemoteSession session, ScheduledFuture<?> closer) {}

  private final SshSessionFactory delegate;
  private final Map<String, Idle> idle = new HashMap<>();

  ReusedSshSessions(SshSessionFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int timeout)
      throws TransportException {
    String key = key(uri);
    RemoteSession reused = take(key);
    if (reused != null) {
      LOG.debugf("reusing the SSH connection to %s", key);
      return new Lease(key, reused, true, uri, credentials, fs, timeout);
    }
    return new Lease(
        key, open(key, uri, credentials, fs, timeout), false, uri, credentials, fs, timeout);
  }

  private RemoteSession open(
      String key, URIish uri, CredentialsProvider credentials, FS fs, int timeout)
      throws TransportException {
    RemoteSession fresh = delegate.getSession(uri, credentials, fs, timeout);
    if (fresh instanceof SshdSession sshd) {
      // The server may drop an idle connection: forget it at once rather than fail on reuse.
      sshd.addCloseListener(closed -> forget(key, closed));
    }
    return fresh;
  }

  private synchronized void forget(String key, RemoteSession closed) {
    Idle current = idle.get(key);
    if (current != null && current.session() == closed) {
      idle.remove(key);
      current.closer().cancel(false);
    }
  }

  private synchronized RemoteSession take(String key) {
    Idle i = idle.remove(key);
    // A closer that already ran (or is running) owns the session: do not take it back.
    return i != null && i.closer().cancel(false) ? i.session() : null;
  }

  @Override
  public String getType() {
    return delegate.getType();
  }

  @Override
  public void releaseSession(RemoteSession session) {
    if (!(session instanceof Lease lease)) {
      session.disconnect();
      return;
    }
    RemoteSession real = lease.real;
    Idle previous;
    synchronized (this) {
      ScheduledFuture<?> closer =
          CLOSER.schedule(() -> expire(lease.key, real), IDLE.toMillis(), TimeUnit.MILLISECONDS);
      previous = idle.put(lease.key, new Idle(real, closer));
    }
    if (previous != null && previous.closer().cancel(false)) {
      // Two transports ran at once; keep one idle connection per server.
      previous.session().disconnect();
    }
  }

  private void expire(String key, RemoteSession session) {
    synchronized (this) {
      Idle current = idle.get(key);
      if (current != null && current.session() == session) {
        idle.remove(key);
      }
    }
    session.disconnect();
  }

  private static String key(URIish uri) {
    return uri.getUser() + "@" + uri.getHost() + ":" + uri.getPort();
  }

  /** One transport's use of a session; disconnecting it closes the connection for good. */
  private final class Lease implements RemoteSession2 {
    private final String key;
    private final URIish uri;
    private final CredentialsProvider credentials;
    private final FS fs;
    private final int timeout;
    private RemoteSession real;
    private boolean reused;

    Lease(
        String key,
        RemoteSession real,
        boolean reused,
        URIish uri,
        CredentialsProvider credentials,
        FS fs,
        int timeout) {
      this.key = key;
      this.real = real;
      this.reused = reused;
      this.uri = uri;
      this.credentials = credentials;
      this.fs = fs;
      this.timeout = timeout;
    }

    @Override
    public Process exec(String command, int timeout) throws IOException {
      return exec(command, Map.of(), timeout);
    }

    @Override
    public Process exec(String command, Map<String, String> environment, int timeout)
        throws IOException {
      try {
        return run(command, environment, timeout);
      } catch (IOException e) {
        if (!reused) {
          throw e;
        }
        LOG.debugf("reused SSH connection to %s is gone; connecting again", key);
        real.disconnect();
        real = open(key, uri, credentials, fs, this.timeout);
        reused = false;
        return run(command, environment, timeout);
      }
    }

    private Process run(String command, Map<String, String> environment, int timeout)
        throws IOException {
      if (real instanceof RemoteSession2 withEnvironment && !environment.isEmpty()) {
        return withEnvironment.exec(command, environment, timeout);
      }
      return real.exec(command, timeout);
    }

    @Override
    public void disconnect() {
      real.disconnect();
    }
  }
}
