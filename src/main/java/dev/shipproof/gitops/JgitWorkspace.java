package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
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

  private static final Pattern USERINFO = Pattern.compile("(?<=://)[^/@\\s]+@");

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

  private final Path cacheDir;
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
    this.cacheDir = cacheDir;
    this.clock = clock;
    this.sleeper = sleeper;
    this.transport = transport == null ? t -> {} : transport;
  }

  /** A workspace with the system clock, real sleeps and JGit's default transport settings. */
  public JgitWorkspace(Path cacheDir) {
    this(cacheDir, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), null);
  }

  void beforePush(BeforePush hook) {
    this.beforePush = hook;
  }

  @Override
  public PublishOutcome publish(PublishRequest request) throws GitException {
    String key = request.url() + "\n" + request.branch();
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    Path dir = cacheDir.resolve(sha256(key));
    try (Git git = openClone(request, dir)) {
      return publishLocked(git, request);
    } catch (GitException e) {
      if (e.localClone()) {
        // A crash can leave index.lock or a half-written tree behind: start over next time.
        deleteQuietly(dir);
      }
      throw e;
    } finally {
      lock.unlock();
    }
  }

  private PublishOutcome publishLocked(Git git, PublishRequest request) throws GitException {
    String where = redact(request.url()) + " (branch " + request.branch() + ")";
    for (int attempt = 1; ; attempt++) {
      ObjectId tip = sync(git, request, where);
      if (tip == null) {
        return new PublishOutcome.Refused(
            Reasons.TARGET_NOT_FOUND, "branch " + request.branch() + " does not exist in " + where);
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

  /** Opens the cached clone, or creates an empty one whose first fetch happens in sync. */
  private Git openClone(PublishRequest request, Path dir) throws GitException {
    String where = redact(request.url()) + " (branch " + request.branch() + ")";
    if (Files.isDirectory(dir.resolve(".git"))) {
      try {
        return Git.open(dir.toFile());
      } catch (IOException e) {
        LOG.warnf("cached clone of %s is unusable, starting over: %s", where, e.getMessage());
      }
    }
    try {
      deleteTree(dir);
      Files.createDirectories(dir);
      // init + fetch rather than clone: a clone cannot tell a missing branch from other errors.
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(request.branch()).call();
      StoredConfig config = git.getRepository().getConfig();
      config.setString("remote", "origin", "url", request.url());
      // Byte-exact files: no line-ending conversion by user or system git config.
      config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "autocrlf", false);
      config.save();
      return git;
    } catch (GitAPIException | JGitInternalException | IOException e) {
      deleteQuietly(dir);
      throw failure("creating a clone of " + where + " in " + dir, request.url(), e);
    }
  }

  /** Fetches the branch and makes the work tree exactly its tip; {@code null} if it is gone. */
  private ObjectId sync(Git git, PublishRequest request, String where) throws GitException {
    String branch = "refs/heads/" + request.branch();
    String tracking = "refs/remotes/origin/" + request.branch();
    try {
      try {
        git.fetch()
            .setRemote("origin")
            .setRefSpecs(new RefSpec("+" + branch + ":" + tracking))
            .setTransportConfigCallback(transport)
            .call();
      } catch (TransportException e) {
        if (!branchExists(git, branch)) {
          return null;
        }
        throw e;
      }
      Repository repo = git.getRepository();
      ObjectId tip = repo.exactRef(tracking).getObjectId();
      RefUpdate head = repo.updateRef("HEAD");
      head.link(branch);
      git.reset().setMode(ResetCommand.ResetType.HARD).setRef(tip.name()).call();
      git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
      return tip;
    } catch (GitAPIException | JGitInternalException | IOException e) {
      throw failure("fetching " + where, request.url(), e);
    }
  }

  /**
   * Asks the remote whether the branch exists; only after a failed fetch, since JGit reports a
   * missing branch and an unreachable remote with the same exception type.
   */
  private boolean branchExists(Git git, String branch) throws GitAPIException {
    return git
        .lsRemote()
        .setRemote("origin")
        .setHeads(true)
        .setTransportConfigCallback(transport)
        .call()
        .stream()
        .anyMatch(ref -> ref.getName().equals(branch));
  }

  private static TargetFiles targetFiles(Git git, PublishRequest request) throws GitException {
    try {
      return new TargetFiles(git.getRepository().getWorkTree().toPath(), request.branch());
    } catch (IOException e) {
      throw new GitException("opening the work tree of the clone: " + e.getMessage(), e);
    }
  }

  private static Optional<PublishOutcome.Refused> edit(
      TargetFiles files, PublishRequest request, String where) throws GitException {
    try {
      return files.apply(request);
    } catch (IOException e) {
      throw failure("reading targets in the clone of " + where, request.url(), e);
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
      throw failure("committing in the clone of " + where, request.url(), e);
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
      throw failure("pushing promotion commit to " + where, request.url(), e);
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

  /** Strips user info (user:token@) from a URL so it can be logged. */
  static String redact(String url) {
    return USERINFO.matcher(url).replaceAll("***@");
  }

  static GitException failure(String attempted, String url, Exception e) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    boolean secret = !redact(url).equals(url);
    // JGit messages quote the URL; with user info in it, keep the redacted text but not the cause.
    return new GitException(
        attempted + ": " + (secret ? redact(detail.replace(url, redact(url))) : detail),
        secret ? null : e,
        !isRemote(e));
  }

  private static boolean isRemote(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TransportException
          || t instanceof InvalidRemoteException
          || t instanceof org.eclipse.jgit.errors.TransportException) {
        return true;
      }
    }
    return false;
  }

  private static String sha256(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.delete(p);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      LOG.warnf("could not remove partial clone %s: %s", dir, e.getMessage());
    }
  }
}
