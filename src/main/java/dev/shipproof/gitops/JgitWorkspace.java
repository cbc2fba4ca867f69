package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.jboss.logging.Logger;

/**
 * {@link GitWorkspace} on JGit. Keeps one working clone per repository and branch under a cache
 * directory; each publish fetches, hard-resets to the remote tip (local leftovers are never
 * reused), edits, commits and pushes without force. A non-fast-forward rejection is retried on the
 * new tip a bounded number of times with capped, jittered backoff. Publishes to the same repository
 * and branch are serialised by an in-process lock.
 */
public final class JgitWorkspace implements GitWorkspace {
  private static final Logger LOG = Logger.getLogger(JgitWorkspace.class);

  /** Push attempts per publish, counting the first. */
  static final int MAX_ATTEMPTS = 5;

  static final Duration BACKOFF_BASE = Duration.ofMillis(250);
  static final Duration BACKOFF_CAP = Duration.ofSeconds(4);

  /** How far back a rerun looks for the commit that already pinned the digest. */
  static final int OWN_COMMIT_SEARCH_DEPTH = 200;

  /** Waits between push attempts; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
  }

  /** A test seam run after the commit and before the push. */
  @FunctionalInterface
  interface BeforePush {
    void run(int attempt) throws Exception;
  }

  private final WorkingClones clones;
  private final Clock clock;
  private final Sleeper sleeper;
  private final TransportConfigCallback transport;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private volatile BeforePush beforePush = attempt -> {};

  /**
   * @param cacheDir where the working clones live; created when missing
   * @param clock the time written as author and committer date
   * @param sleeper waits between push attempts
   * @param transport configures each fetch and push (credentials, SSH); may be {@code null}
   */
  public JgitWorkspace(
      Path cacheDir, Clock clock, Sleeper sleeper, TransportConfigCallback transport) {
    this.transport = transport == null ? t -> {} : transport;
    this.clones = new WorkingClones(cacheDir, this.transport);
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** A workspace with the system clock, real sleeps and JGit's default transport settings. */
  public JgitWorkspace(Path cacheDir) {
    this(cacheDir, Clock.systemUTC());
  }

  /** A workspace whose commits are stamped by {@code clock}, with real backoff sleeps. */
  public JgitWorkspace(Path cacheDir, Clock clock) {
    this(cacheDir, clock, d -> Thread.sleep(d.toMillis()), null);
  }

  void beforePush(BeforePush hook) {
    this.beforePush = hook;
  }

  @Override
  public PublishOutcome publish(PublishRequest request) throws GitException {
    String key = request.url() + "\n" + request.branch();
    Path dir = clones.dirFor(request.url(), request.branch());
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try (Git git = clones.open(request, dir)) {
      return publishLocked(git, request);
    } catch (GitException e) {
      if (e.localClone()) {
        // A crash can leave index.lock or a half-written tree behind: start over next time.
        WorkingClones.deleteQuietly(dir);
      }
      throw e;
    } finally {
      lock.unlock();
    }
  }

  private PublishOutcome publishLocked(Git git, PublishRequest request) throws GitException {
    String where = WorkingClones.redact(request.url()) + " (branch " + request.branch() + ")";
    for (int attempt = 1; ; attempt++) {
      ObjectId tip = clones.sync(git, request, where);
      if (tip == null) {
        return new PublishOutcome.Refused(
            Reasons.TARGET_NOT_FOUND,
            "branch "
                + request.branch()
                + " does not exist in "
                + WorkingClones.redact(request.url()));
      }
      TargetFiles files = targetFiles(git, request);
      Optional<PublishOutcome.Refused> refused = edit(files, request, where);
      if (refused.isPresent()) {
        return refused.get();
      }
      if (files.changed().isEmpty()) {
        String commit = findOwnCommit(git.getRepository(), tip, request.pinned().digest(), where);
        LOG.debugf("%s already pins %s at %s", where, request.pinned().digest(), commit);
        return new PublishOutcome.AlreadyUpToDate(commit);
      }
      RevCommit commit = commit(git, request, files, where);
      runBeforePush(attempt, where);
      PushVerdict verdict = push(git, request, where);
      if (verdict.ok()) {
        LOG.infof("pushed %s pinning %s to %s", commit.name(), request.pinned().digest(), where);
        return new PublishOutcome.Pushed(commit.name());
      }
      if (!verdict.retry()) {
        return new PublishOutcome.Rejected(Reasons.PUSH_REJECTED, verdict.message());
      }
      if (attempt >= MAX_ATTEMPTS) {
        return new PublishOutcome.Rejected(
            Reasons.PUSH_REJECTED,
            "push to "
                + where
                + " still rejected after "
                + attempt
                + " attempts: "
                + verdict.message());
      }
      Duration wait = backoff(attempt);
      LOG.warnf(
          "push to %s rejected (%s), retry %d of %d in %s",
          where, verdict.message(), attempt + 1, MAX_ATTEMPTS, wait);
      pause(wait, where);
    }
  }

  private static TargetFiles targetFiles(Git git, PublishRequest request) throws GitException {
    try {
      return new TargetFiles(git.getRepository().getWorkTree().toPath(), request.branch());
    } catch (IOException e) {
      throw new GitException("opening the work tree of the clone: " + e.getMessage(), e, true);
    }
  }

  private static Optional<PublishOutcome.Refused> edit(
      TargetFiles files, PublishRequest request, String where) throws GitException {
    try {
      return files.apply(request);
    } catch (IOException e) {
      throw WorkingClones.failure("reading targets in the clone of " + where, request.url(), e);
    }
  }

  private RevCommit commit(Git git, PublishRequest request, TargetFiles files, String where)
      throws GitException {
    try {
      files.write();
      var add = git.add();
      files.changed().keySet().forEach(add::addFilepattern);
      add.call();
      var who =
          new PersonIdent(
              request.authorName(), request.authorEmail(), clock.instant(), ZoneOffset.UTC);
      return git.commit()
          .setMessage(request.message())
          .setAuthor(who)
          .setCommitter(who)
          .setSign(false)
          .setNoVerify(true)
          .call();
    } catch (GitAPIException | JGitInternalException | IOException e) {
      throw WorkingClones.failure("committing in the clone of " + where, request.url(), e);
    }
  }

  private void runBeforePush(int attempt, String where) throws GitException {
    try {
      beforePush.run(attempt);
    } catch (Exception e) {
      throw new GitException("test hook before pushing to " + where + " failed", e);
    }
  }

  private record PushVerdict(boolean ok, boolean retry, String message) {}

  private PushVerdict push(Git git, PublishRequest request, String where) throws GitException {
    String branch = "refs/heads/" + request.branch();
    Iterable<PushResult> results;
    try {
      results =
          git.push()
              .setRemote("origin")
              .setRefSpecs(new RefSpec(branch + ":" + branch))
              .setForce(false)
              .setTransportConfigCallback(transport)
              .call();
    } catch (GitAPIException | JGitInternalException e) {
      throw WorkingClones.failure("pushing promotion commit to " + where, request.url(), e);
    }
    // JGit does not throw when the remote rejects a ref: every status must be read.
    boolean any = false;
    for (PushResult result : results) {
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        any = true;
        switch (update.getStatus()) {
          case OK, UP_TO_DATE -> {}
          case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> {
            return new PushVerdict(false, true, update.getStatus() + " on " + branch);
          }
          default -> {
            return new PushVerdict(false, false, describe(update, result));
          }
        }
      }
    }
    return any
        ? new PushVerdict(true, false, "")
        : new PushVerdict(false, false, "push to " + where + " reported no ref update");
  }

  private static String describe(RemoteRefUpdate update, PushResult result) {
    StringBuilder out = new StringBuilder("remote refused ");
    out.append(update.getRemoteName()).append(": ").append(update.getStatus());
    if (update.getMessage() != null && !update.getMessage().isBlank()) {
      out.append(" (").append(update.getMessage().strip()).append(')');
    }
    String remote = result.getMessages();
    if (remote != null && !remote.isBlank()) {
      out.append("; remote said: ").append(remote.strip().replaceAll("\\s*\\R\\s*", " | "));
    }
    return CommitMessage.oneLine(out.toString());
  }

  private static String findOwnCommit(Repository repo, ObjectId tip, String digest, String where)
      throws GitException {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(tip));
      int seen = 0;
      for (RevCommit c : walk) {
        if (++seen > OWN_COMMIT_SEARCH_DEPTH) {
          break;
        }
        if (digest.equals(CommitMessage.trailers(c.getFullMessage()).get(CommitMessage.DIGEST))) {
          return c.name();
        }
      }
      return tip.name();
    } catch (IOException e) {
      throw new GitException("reading history of " + where + ": " + e.getMessage(), e);
    }
  }

  /** Exponential, capped, with jitter in [half, full] so racing writers spread out. */
  static Duration backoff(int attempt) {
    long base = BACKOFF_BASE.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, BACKOFF_CAP.toMillis());
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }

  private void pause(Duration wait, String where) throws GitException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitException("interrupted while waiting to push again to " + where, e);
    }
  }
}
