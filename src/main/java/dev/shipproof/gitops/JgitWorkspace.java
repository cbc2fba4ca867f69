package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.RevWalkException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.jboss.logging.Logger;

/**
 * {@link GitWorkspace} on JGit. Keeps one working clone per repository and branch under a cache
 * directory; each publish fetches, hard-resets to the remote tip (local leftovers are never
 * reused), edits, commits and pushes without force, expecting the branch still at the fetched tip.
 * Every fetch and push uses the request's {@link GitAccess}. A push that lost the race (in any of
 * the forms {@link RemoteAnswers} knows) is retried on the new tip, with the edit recomputed, a
 * bounded number of times with capped, jittered backoff; a hook's or rule's "no" is final.
 * Publishes to the same repository and branch are serialised by an in-process lock.
 */
public final class JgitWorkspace implements GitWorkspace, RollbackWorkspace {
  private static final Logger LOG = Logger.getLogger(JgitWorkspace.class);

  /** Push attempts per publish, counting the first, unless configured otherwise. */
  static final int MAX_ATTEMPTS = 5;

  static final Duration BACKOFF_BASE = Duration.ofMillis(250);
  static final Duration BACKOFF_CAP = Duration.ofSeconds(4);

  /**
   * How many of the most recent commits a publish searches for its own promotion's commit, and for
   * the commit that pinned the digest.
   */
  static final int HISTORY_SEARCH_DEPTH = 500;

  /** Commits a search reads at most, even for a promotion whose commit may be deeper. */
  static final int HISTORY_SEARCH_CAP = 100_000;

  /** How far the operator's and the API server's clocks may disagree. */
  static final Duration CLOCK_SKEW = Duration.ofHours(1);

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
  private final int pushAttempts;
  private volatile BeforePush beforePush = attempt -> {};
  private volatile Steps steps = step -> {};
  private final JgitRollbacks rollbacks = new JgitRollbacks(this);
  private final TipHistories tipHistories = new TipHistories();

  /**
   * @param cacheDir where the working clones live; created when missing
   * @param clock the time written as author and committer date
   * @param sleeper waits between push attempts
   * @param transport configures each fetch and push before the request's credentials are applied;
   *     may be {@code null}
   */
  public JgitWorkspace(
      Path cacheDir, Clock clock, Sleeper sleeper, TransportConfigCallback transport) {
    this(cacheDir, clock, sleeper, transport, MAX_ATTEMPTS);
  }

  /**
   * @param cacheDir where the working clones live; created when missing
   * @param clock the time written as author and committer date
   * @param sleeper waits between push attempts
   * @param transport configures each fetch and push before the request's credentials are applied;
   *     may be {@code null}
   * @param pushAttempts pushes per publish or rollback, counting the first, before a branch that
   *     keeps moving is reported as {@code BranchBusy} ({@code shipproof.git.push-attempts})
   */
  public JgitWorkspace(
      Path cacheDir,
      Clock clock,
      Sleeper sleeper,
      TransportConfigCallback transport,
      int pushAttempts) {
    if (pushAttempts < 1) {
      throw new IllegalArgumentException(
          "shipproof.git.push-attempts must be at least 1, not " + pushAttempts);
    }
    this.clones = new WorkingClones(cacheDir, transport == null ? t -> {} : transport);
    this.clock = clock;
    this.sleeper = sleeper;
    this.pushAttempts = pushAttempts;
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

  /** The boundaries between the steps of a publish or rollback, for fault-injection tests. */
  enum Step {
    FETCHED,
    EDITED,
    /** Committed locally, right before each push attempt. */
    COMMITTED,
    PUSHED
  }

  /** A test seam run at each step boundary; a crash is modelled as a runtime exception. */
  @FunctionalInterface
  interface Steps {
    void reached(Step step);
  }

  void steps(Steps hook) {
    this.steps = hook;
  }

  void reached(Step step) {
    steps.reached(step);
  }

  @Override
  public RollbackPlan plan(RollbackQuery query) throws GitException {
    return rollbacks.plan(query);
  }

  @Override
  public PublishOutcome rollBack(
      RollbackQuery query, RollbackPlan.Ready plan, boolean pin, PublishRequest write)
      throws GitException {
    return rollbacks.rollBack(query, plan, pin, write);
  }

  @Override
  public History history(String url, String branch, GitAccess access, String environment, int limit)
      throws GitException {
    return rollbacks.history(url, branch, access, environment, limit);
  }

  WorkingClones clones() {
    return clones;
  }

  Clock clock() {
    return clock;
  }

  /** The in-process lock of a repository and branch, shared by publishes and rollbacks. */
  ReentrantLock lockFor(String url, String branch) {
    return clones.lockFor(clones.dirFor(url, branch));
  }

  /**
   * Bounds the working-clone cache ({@code shipproof.git.cache.*}); call before the first publish.
   *
   * @return this workspace
   */
  public JgitWorkspace cacheLimits(CloneCacheLimits limits) {
    clones.limits(limits);
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Before any I/O the request is checked: the branch must be a valid ref name, the URL an
   * {@code https}, {@code ssh}, {@code http} or {@code file} URL (or {@code user@host:path}), and
   * there must be at least one target; otherwise the outcome is {@link PublishOutcome.Refused} with
   * {@code InvalidEnvironment}.
   *
   * <p>After each fetch and before editing, the {@value #HISTORY_SEARCH_DEPTH} most recent commits
   * of the branch are searched for one whose {@code Shipproof-Promotion} trailer names the
   * request's promotion uid. If one is found, the promotion has already landed (a status write may
   * have been lost) and {@link PublishOutcome.AlreadyLanded} is returned without pushing, so a
   * retried promotion can never roll back a newer one. A commit older than that window is not seen.
   * The search is skipped when the uid is null or blank.
   *
   * @throws GitException also when the branch kept moving through every push attempt
   */
  @Override
  public PublishOutcome publish(PublishRequest request) throws GitException {
    Optional<String> invalid = invalid(request);
    if (invalid.isPresent()) {
      return new PublishOutcome.Refused(Reasons.INVALID_ENVIRONMENT, invalid.get());
    }
    Optional<String> mismatch =
        GitTransports.mismatch(request.url(), request.access().credentials());
    if (mismatch.isPresent()) {
      return new PublishOutcome.Refused(Reasons.GIT_CREDENTIALS_INVALID, mismatch.get());
    }
    return clones.withClone(
        request.url(), request.branch(), (git, where) -> publishLocked(git, request));
  }

  /** Why the request cannot be published whatever the remote holds, as a plain sentence. */
  static Optional<String> invalid(PublishRequest request) {
    Optional<String> location = invalidLocation(request.url(), request.branch());
    if (location.isPresent()) {
      return location;
    }
    if (request.targets().isEmpty()) {
      return Optional.of("the environment lists no target files to edit");
    }
    return Optional.empty();
  }

  /**
   * Why a repository URL and branch can never be used, as a plain sentence; empty when they may be.
   */
  public static Optional<String> invalidLocation(String repoUrl, String branch) {
    Optional<String> url = GitUrls.problem(repoUrl);
    if (url.isPresent()) {
      return url;
    }
    if (branch == null || branch.isBlank()) {
      return Optional.of("the git branch is empty");
    }
    if (branch.startsWith("refs/")
        || branch.equals("HEAD")
        || !Repository.isValidRefName("refs/heads/" + branch)) {
      return Optional.of(
          "the git branch \""
              + CommitMessage.oneLine(branch)
              + "\" is not a valid branch name (write it without refs/heads/)");
    }
    return Optional.empty();
  }

  private PublishOutcome publishLocked(Git git, PublishRequest request) throws GitException {
    String where = GitUrls.redact(request.url()) + " (branch " + request.branch() + ")";
    for (int attempt = 1; ; attempt++) {
      ObjectId tip = clones.sync(git, request, where);
      if (tip == null) {
        return new PublishOutcome.Refused(
            Reasons.TARGET_NOT_FOUND,
            "branch " + request.branch() + " does not exist in " + GitUrls.redact(request.url()));
      }
      reached(Step.FETCHED);
      Optional<RevCommit> landed = findLanded(git.getRepository(), tip, request, where);
      TargetFiles files = targetFiles(git, request);
      Optional<PublishOutcome.Refused> refused = edit(files, request, where);
      reached(Step.EDITED);
      if (landed.isPresent()) {
        // Edited in memory only, to learn whether the tip still pins our digest.
        boolean superseded = refused.isPresent() || !files.changed().isEmpty();
        LOG.infof(
            "promotion %s already landed in %s as %s%s; pushing nothing",
            request.promotionUid(),
            where,
            landed.get().name(),
            superseded ? " and was superseded since" : "");
        return new PublishOutcome.AlreadyLanded(landed.get().name(), superseded);
      }
      if (refused.isPresent()) {
        return refused.get();
      }
      // Asked before "already pinned" too: a digest someone re-pinned by hand after a rollback
      // is still quarantined, and a Succeeded promotion of it would vouch for it downstream.
      Optional<PublishOutcome.Refused> guarded = guard(git.getRepository(), tip, request, where);
      if (guarded.isPresent()) {
        return guarded.get();
      }
      if (files.changed().isEmpty() && !carriesOverride(request)) {
        String commit = findDigestCommit(git.getRepository(), tip, request, where);
        LOG.debugf("%s already pins %s at %s", where, request.pinned().digest(), commit);
        return new PublishOutcome.AlreadyUpToDate(commit);
      }
      RevCommit commit = commit(git, request, files, where);
      reached(Step.COMMITTED);
      runBeforePush(attempt, where);
      PushVerdict verdict = push(git, request, tip, where);
      if (verdict.ok()) {
        reached(Step.PUSHED);
        LOG.infof("pushed %s pinning %s to %s", commit.name(), request.pinned().digest(), where);
        return new PublishOutcome.Pushed(commit.name());
      }
      if (!verdict.retry()) {
        return new PublishOutcome.Rejected(Reasons.PUSH_REJECTED, verdict.message());
      }
      lostRace(attempt, where, verdict);
    }
  }

  /**
   * After a push lost the race: waits with jittered backoff before the caller fetches, edits again
   * and pushes again; after the last attempt throws {@code BranchBusy} with the server's last
   * answer. A busy branch is an outage, not a "no": the caller retries later with its own backoff.
   */
  void lostRace(int attempt, String where, PushVerdict verdict) throws GitException {
    if (attempt >= pushAttempts) {
      throw new GitException(
          "pushing to "
              + where
              + ": the branch kept moving: "
              + attempt
              + " pushes lost the race; last answer: "
              + verdict.message()
              + "; will retry",
          null,
          false,
          Reasons.BRANCH_BUSY);
    }
    Duration wait = backoff(attempt);
    LOG.warnf(
        "push to %s lost the race (%s), retry %d of %d in %s",
        where, verdict.message(), attempt + 1, pushAttempts, wait);
    pause(wait, where);
  }

  private TargetFiles targetFiles(Git git, PublishRequest request) throws GitException {
    try {
      return new TargetFiles(git.getRepository().getWorkTree().toPath(), request.branch());
    } catch (IOException e) {
      throw clones.failure("opening the work tree of the clone", request.url(), e);
    }
  }

  private Optional<PublishOutcome.Refused> edit(
      TargetFiles files, PublishRequest request, String where) throws GitException {
    try {
      return files.apply(request);
    } catch (IOException e) {
      throw clones.failure("reading targets in the clone of " + where, request.url(), e);
    }
  }

  RevCommit commit(Git git, PublishRequest request, TargetFiles files, String where)
      throws GitException {
    try {
      files.write();
      var who =
          new PersonIdent(
              request.authorName(), request.authorEmail(), clock.instant(), ZoneOffset.UTC);
      if (request.access().signing() instanceof CommitSigning.None) {
        // Signed commits go through CommitCommand, which owns the signing; unsigned ones skip the
        // whole-index add and the rewrite of every tree.
        Repository repo = git.getRepository();
        ObjectId head = repo.resolve(org.eclipse.jgit.lib.Constants.HEAD);
        if (head != null) {
          Optional<RevCommit> fast =
              PathCommit.commit(repo, head, files.changed(), who, request.message());
          if (fast.isPresent()) {
            return fast.get();
          }
        }
      }
      if (!files.changed().isEmpty()) {
        var add = git.add();
        files.changed().keySet().forEach(add::addFilepattern);
        add.call();
      }
      var commit = CommitSigner.apply(git.commit(), request.access().signing());
      if (files.changed().isEmpty()) {
        // Only an override's record is empty; otherwise JGit's own default stands.
        commit.setAllowEmpty(true);
      }
      return commit
          .setMessage(request.message())
          .setAuthor(who)
          .setCommitter(who)
          .setNoVerify(true)
          .call();
    } catch (GitAPIException | JGitInternalException | IOException e) {
      throw clones.failure("committing in the clone of " + where, request.url(), e);
    }
  }

  /**
   * Whether the request's message lifts a quarantine ({@code Shipproof-Override}). Such a commit is
   * written even when every target already pins the digest (as an empty commit): the override is a
   * decision git must record, or the quarantine rebuilt from git would still hold the digest that
   * the Environment's status has released.
   */
  static boolean carriesOverride(PublishRequest request) {
    return CommitMessage.trailers(request.message()).containsKey(CommitMessage.OVERRIDE);
  }

  /**
   * The request's {@link TipGuard} asked about {@code tip}, the commit the write goes on: its
   * refusal, or empty when there is no guard or it lets the write land.
   */
  Optional<PublishOutcome.Refused> guard(
      Repository repo, ObjectId tip, PublishRequest request, String where) throws GitException {
    TipGuard guard = request.guard();
    if (guard == null) {
      return Optional.empty();
    }
    List<HistoryEntry> entries;
    try {
      entries =
          tipHistories.at(
              repo,
              clones.dirFor(request.url(), request.branch()),
              tip,
              guard.environment(),
              guard.limit());
    } catch (IOException | JGitInternalException | RevWalkException e) {
      throw clones.failure("reading the history of " + where, request.url(), e);
    }
    Optional<PublishOutcome.Refused> refused = guard.check().atTip(entries);
    refused.ifPresent(
        r ->
            LOG.infof(
                "not committing %s on %s in %s: %s",
                request.pinned().digest(), tip.name(), where, r.reason()));
    return refused;
  }

  TipHistories tipHistories() {
    return tipHistories;
  }

  void runBeforePush(int attempt, String where) throws GitException {
    try {
      beforePush.run(attempt);
    } catch (Exception e) {
      throw new GitException("test hook before pushing to " + where + " failed", e);
    }
  }

  record PushVerdict(boolean ok, boolean retry, String message) {}

  /**
   * Pushes HEAD to the request's branch without force, expecting the branch still at {@code tip}
   * (the commit the edit was made on), and reads every ref's status. The expected old value means a
   * branch rewound or rewritten meanwhile is a lost race too, never a fast-forward that would bring
   * back commits someone removed.
   */
  PushVerdict push(Git git, PublishRequest request, ObjectId tip, String where)
      throws GitException {
    String branch = "refs/heads/" + request.branch();
    Iterable<PushResult> results;
    try {
      results =
          git.push()
              .setRemote("origin")
              .setRefSpecs(new RefSpec(branch + ":" + branch))
              .setRefLeaseSpecs(new RefLeaseSpec(branch, tip.name()))
              .setForce(false)
              .setTransportConfigCallback(clones.transport(request.access()))
              .call();
    } catch (GitAPIException | JGitInternalException e) {
      throw clones.failure("pushing promotion commit to " + where, request.url(), e);
    }
    // JGit does not throw when the remote rejects a ref: every status must be read.
    boolean any = false;
    for (PushResult result : results) {
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        any = true;
        RemoteAnswers.Push answer =
            RemoteAnswers.push(update.getStatus(), update.getMessage(), result.getMessages());
        switch (answer) {
          case ACCEPTED -> {}
          case LOST_RACE -> {
            return new PushVerdict(false, true, describe(update, result));
          }
          case REFUSED -> {
            return new PushVerdict(false, false, describe(update, result));
          }
          case NO_ANSWER, BROKEN_CLONE ->
              throw new GitException(
                  "pushing promotion commit to " + where + ": " + describe(update, result),
                  null,
                  answer == RemoteAnswers.Push.BROKEN_CLONE);
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

  /**
   * The newest of the last {@value #HISTORY_SEARCH_DEPTH} commits whose {@code Shipproof-Promotion}
   * trailer names the request's promotion uid.
   */
  private Optional<RevCommit> findLanded(
      Repository repo, ObjectId tip, PublishRequest request, String where) throws GitException {
    String uid = request.promotionUid();
    if (uid == null || uid.isBlank()) {
      return Optional.empty();
    }
    return search(repo, tip, request, where, c -> namesPromotion(c, uid.strip()));
  }

  /** True when the trailer value {@code <namespace>/<name> <uid>} ends with exactly this uid. */
  static boolean namesPromotion(RevCommit commit, String uid) {
    String value = CommitMessage.trailers(commit.getFullMessage()).get(CommitMessage.PROMOTION);
    if (value == null) {
      return false;
    }
    String[] words = value.strip().split("\\s+");
    return words[words.length - 1].equals(uid);
  }

  /** The newest recent commit whose {@code Shipproof-Digest} trailer names the digest, else tip. */
  private String findDigestCommit(
      Repository repo, ObjectId tip, PublishRequest request, String where) throws GitException {
    String digest = request.pinned().digest();
    return search(
            repo,
            tip,
            request,
            where,
            c ->
                digest.equals(CommitMessage.trailers(c.getFullMessage()).get(CommitMessage.DIGEST)))
        .map(RevCommit::name)
        .orElse(tip.name());
  }

  private Optional<RevCommit> search(
      Repository repo,
      ObjectId tip,
      PublishRequest request,
      String where,
      Predicate<RevCommit> wanted)
      throws GitException {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(tip));
      int seen = 0;
      for (RevCommit c : walk) {
        if (searchedEnough(++seen, c, request.notBefore())) {
          break;
        }
        if (wanted.test(c)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    } catch (IOException | JGitInternalException | RevWalkException e) {
      throw clones.failure("reading the history of " + where, request.url(), e);
    }
  }

  /**
   * Whether a history search may stop at its {@code seen}-th commit {@code c}: after {@value
   * #HISTORY_SEARCH_DEPTH} commits, unless the promotion was created at {@code notBefore} and
   * {@code c} is younger than that (less {@link #CLOCK_SKEW}), since a crash may have left its
   * commit under any number of commits pushed since; never beyond {@value #HISTORY_SEARCH_CAP}.
   */
  static boolean searchedEnough(int seen, RevCommit c, Instant notBefore) {
    if (seen <= HISTORY_SEARCH_DEPTH) {
      return false;
    }
    if (notBefore == null || seen > HISTORY_SEARCH_CAP) {
      return true;
    }
    return c.getCommitterIdent().getWhenAsInstant().isBefore(notBefore.minus(CLOCK_SKEW));
  }

  /** Exponential, capped, with jitter in [half, full] so racing writers spread out. */
  static Duration backoff(int attempt) {
    long base = BACKOFF_BASE.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, BACKOFF_CAP.toMillis());
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }

  void pause(Duration wait, String where) throws GitException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitException("interrupted while waiting to push again to " + where, e);
    }
  }
}
