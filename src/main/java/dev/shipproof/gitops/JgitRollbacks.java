package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import dev.shipproof.model.ImageRefException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.RevertCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.jboss.logging.Logger;

/**
 * {@link RollbackWorkspace} on JGit, sharing the working clones, lock and push of a {@link
 * JgitWorkspace}. Plans by walking history from the tip, through every parent, and stopping at the
 * Shipproof commits it needs; reverts with JGit's {@link RevertCommand} (no side is ever picked on
 * a conflict) and squashes a chain of reverts into one commit.
 */
final class JgitRollbacks {
  private static final Logger LOG = Logger.getLogger(JgitRollbacks.class);

  /** How many later commits a refusal names. */
  private static final int NAMED_COMMITS = 5;

  private final JgitWorkspace ws;

  JgitRollbacks(JgitWorkspace ws) {
    this.ws = ws;
  }

  @FunctionalInterface
  private interface InClone<T> {
    T run(Git git, String where) throws GitException, IOException;
  }

  private <T> T inClone(String url, String branch, InClone<T> action) throws GitException {
    return ws.clones().withClone(url, branch, action::run);
  }

  RollbackPlan plan(RollbackQuery q) throws GitException {
    Optional<String> invalid = JgitWorkspace.invalidLocation(q.url(), q.branch());
    if (invalid.isPresent()) {
      return new RollbackPlan.Refused(Reasons.INVALID_ENVIRONMENT, invalid.get());
    }
    Optional<String> mismatch = GitTransports.mismatch(q.url(), q.access().credentials());
    if (mismatch.isPresent()) {
      return new RollbackPlan.Refused(Reasons.GIT_CREDENTIALS_INVALID, mismatch.get());
    }
    return inClone(
        q.url(),
        q.branch(),
        (git, where) -> {
          // Planning reads commits only; the work tree is left for the publish or revert.
          ObjectId tip = ws.clones().fetchTip(git, q.url(), q.branch(), q.access(), where);
          if (tip == null) {
            return missingBranch(q);
          }
          return planAt(git.getRepository(), tip, q);
        });
  }

  RollbackWorkspace.History history(
      String url, String branch, GitAccess access, String environment, int limit)
      throws GitException {
    Optional<String> invalid = JgitWorkspace.invalidLocation(url, branch);
    if (invalid.isPresent()) {
      throw new GitException(invalid.get(), null);
    }
    Optional<String> mismatch = GitTransports.mismatch(url, access.credentials());
    if (mismatch.isPresent()) {
      // The publish that follows refuses the environment with GitCredentialsInvalid.
      return new RollbackWorkspace.History(List.of(), false, 0);
    }
    return inClone(
        url,
        branch,
        (git, where) -> {
          ObjectId tip = ws.clones().fetchTip(git, url, branch, access, where);
          if (tip == null) {
            // No branch, no record: the publish that follows refuses with TargetNotFound.
            return new RollbackWorkspace.History(List.of(), false, 0);
          }
          try (RevWalk walk = new RevWalk(git.getRepository())) {
            walk.markStart(walk.parseCommit(tip));
            // The quarantine is rebuilt from this order: no commit before its descendants.
            NewestFirst.Window read = NewestFirst.read(walk, limit);
            List<HistoryEntry> entries = new ArrayList<>();
            for (RevCommit c : read.commits()) {
              HistoryEntry.of(c)
                  .filter(e -> environment == null || environment.equals(e.environment()))
                  .ifPresent(entries::add);
            }
            return new RollbackWorkspace.History(entries, read.truncated(), read.commits().size());
          }
        });
  }

  PublishOutcome rollBack(
      RollbackQuery q, RollbackPlan.Ready plan, boolean pin, PublishRequest write)
      throws GitException {
    return inClone(
        q.url(), q.branch(), (git, where) -> rollBackLocked(git, where, q, plan, pin, write));
  }

  private PublishOutcome rollBackLocked(
      Git git,
      String where,
      RollbackQuery q,
      RollbackPlan.Ready plan,
      boolean pin,
      PublishRequest write)
      throws GitException, IOException {
    Repository repo = git.getRepository();
    for (int attempt = 1; ; attempt++) {
      ObjectId tip = ws.clones().sync(git, q.url(), q.branch(), q.access(), where);
      if (tip == null) {
        RollbackPlan.Refused gone = missingBranch(q);
        return new PublishOutcome.Refused(gone.reason(), gone.message());
      }
      ws.reached(JgitWorkspace.Step.FETCHED);
      RollbackPlan fresh = planAt(repo, tip, q, write.notBefore());
      if (fresh instanceof RollbackPlan.AlreadyLanded landed) {
        boolean superseded =
            !pins(repo, tip, targetsOf(q, plan.image()), plan.image(), landed.landed().digest());
        return new PublishOutcome.AlreadyLanded(landed.landed().commit(), superseded);
      }
      if (fresh instanceof RollbackPlan.Refused refused) {
        return new PublishOutcome.Refused(refused.reason(), refused.message());
      }
      if (!(fresh instanceof RollbackPlan.Ready now)
          || !now.revert().equals(plan.revert())
          || !now.target().digest().equals(plan.target().digest())) {
        // A new pin of the image landed while the target was verified: plan (and verify) again.
        throw new GitException(
            "the environment's pins changed in " + where + " during the rollback; will plan again",
            null);
      }
      Optional<PublishOutcome.Refused> guarded = ws.guard(repo, tip, write, where);
      if (guarded.isPresent()) {
        return guarded.get();
      }
      Optional<PublishOutcome.Refused> refused =
          pin
              ? Optional.empty()
              : revert(git, tip, plan, paths(targetsOf(q, plan.image())), q.url(), where);
      if (refused.isPresent()) {
        return refused.get();
      }
      TargetFiles files = new TargetFiles(repo.getWorkTree().toPath(), q.branch());
      Optional<PublishOutcome.Refused> edit = files.apply(write);
      ws.reached(JgitWorkspace.Step.EDITED);
      if (edit.isPresent()) {
        return edit.get();
      }
      if (!pin && !files.changed().isEmpty()) {
        return new PublishOutcome.Refused(
            Reasons.REVERT_CONFLICT,
            "the revert of "
                + shortSha(plan.current().commit())
                + " applied cleanly but "
                + String.join(", ", files.changed().keySet())
                + " does not pin "
                + plan.target().digest()
                + " afterwards; later commits changed it: "
                + later(repo, tip, plan, paths(files.changed().keySet()))
                + ". Nothing was pushed; roll back with strategy: pin");
      }
      RevCommit commit =
          pin ? ws.commit(git, write, files, where) : commitIndex(git, write, q.url(), where);
      ws.reached(JgitWorkspace.Step.COMMITTED);
      ws.runBeforePush(attempt, where);
      JgitWorkspace.PushVerdict verdict = ws.push(git, write, tip, where);
      if (verdict.ok()) {
        ws.reached(JgitWorkspace.Step.PUSHED);
        LOG.infof(
            "pushed rollback %s of %s to %s in %s",
            commit.name(), String.join(",", plan.revert()), plan.target().digest(), where);
        return new PublishOutcome.Pushed(commit.name());
      }
      if (!verdict.retry()) {
        return new PublishOutcome.Rejected(Reasons.PUSH_REJECTED, verdict.message());
      }
      // The next round syncs and plans again on the new tip: the revert is recomputed.
      ws.lostRace(attempt, where, verdict);
    }
  }

  /**
   * Reverts the plan's commits, newest first, and folds them into the index on top of {@code tip};
   * the caller commits. A conflict leaves the clone dirty; the next sync resets it.
   */
  private Optional<PublishOutcome.Refused> revert(
      Git git,
      ObjectId tip,
      RollbackPlan.Ready plan,
      List<String> targetPaths,
      String url,
      String where)
      throws GitException {
    Repository repo = git.getRepository();
    try {
      RevertCommand revert = git.revert().setStrategy(MergeStrategy.RECURSIVE);
      for (String sha : plan.revert()) {
        revert.include(ObjectId.fromString(sha));
      }
      RevCommit head = revert.call();
      if (head == null) {
        int failed = revert.getRevertedRefs().size();
        String culprit = plan.revert().get(Math.min(failed, plan.revert().size() - 1));
        List<String> paths =
            revert.getUnmergedPaths() == null || revert.getUnmergedPaths().isEmpty()
                ? targetPaths
                : revert.getUnmergedPaths();
        return Optional.of(
            new PublishOutcome.Refused(
                Reasons.REVERT_CONFLICT,
                "git revert of "
                    + shortSha(culprit)
                    + " conflicts in "
                    + String.join(", ", paths)
                    + " with later commits that changed the same file: "
                    + laterThan(repo, tip, culprit, plan, paths)
                    + ". Nothing was pushed and no side was picked; resolve by hand, or roll back"
                    + " with strategy: pin (a new commit pinning the earlier digest)"));
      }
      // One commit for the whole rollback: keep the reverted tree, drop JGit's own commits.
      git.reset().setMode(ResetCommand.ResetType.SOFT).setRef(tip.name()).call();
      return Optional.empty();
    } catch (GitAPIException | JGitInternalException | IOException e) {
      throw ws.clones().failure("reverting in the clone of " + where, url, e);
    }
  }

  /** Commits what the revert left in the index, as Shipproof, with the rollback's message. */
  private RevCommit commitIndex(Git git, PublishRequest write, String url, String where)
      throws GitException {
    try {
      var who =
          new org.eclipse.jgit.lib.PersonIdent(
              write.authorName(), write.authorEmail(), ws.clock().instant(), ZoneOffset.UTC);
      return CommitSigner.apply(git.commit(), write.access().signing())
          .setMessage(write.message())
          .setAuthor(who)
          .setCommitter(who)
          .setNoVerify(true)
          .call();
    } catch (GitAPIException | JGitInternalException e) {
      throw ws.clones().failure("committing the revert in the clone of " + where, url, e);
    }
  }

  /** The plan on {@code tip}: a pure function of the repository's history. */
  RollbackPlan planAt(Repository repo, ObjectId tip, RollbackQuery q) throws IOException {
    return planAt(repo, tip, q, q.notBefore());
  }

  /** The plan, searching for the rollback's own commit back to {@code notBefore} if given. */
  RollbackPlan planAt(Repository repo, ObjectId tip, RollbackQuery q, Instant notBefore)
      throws IOException {
    Optional<HistoryEntry> own = ownCommit(repo, tip, q.promotionUid(), notBefore);
    if (own.isPresent()) {
      HistoryEntry e = own.get();
      boolean current = pins(repo, tip, targetsOf(q, e.image()), e.image(), e.digest());
      return new RollbackPlan.AlreadyLanded(e, !current);
    }
    Set<String> images = new LinkedHashSet<>();
    q.targets().forEach(t -> canonical(t.imageName()).ifPresent(images::add));
    Predicate<HistoryEntry> ofEnvironment =
        e ->
            e.environment().equals(q.environment())
                && canonical(e.image()).map(images::contains).orElse(false);
    try (PinCursor cursor = new PinCursor(repo, tip, q.walkLimit())) {
      Optional<PinCursor.Pin> first = cursor.next(ofEnvironment);
      if (first.isEmpty()) {
        return cursor.limitHit()
            ? limitReached(q, cursor, "any Shipproof commit of environment " + q.environment())
            : new RollbackPlan.Refused(
                Reasons.NO_EARLIER_PIN,
                "no Shipproof commit of environment "
                    + q.environment()
                    + " on branch "
                    + q.branch()
                    + " ("
                    + cursor.read()
                    + " commits read): nothing was promoted, so there is nothing to roll back");
      }
      PinCursor.Pin current = first.get();
      String image = canonical(current.entry().image()).orElseThrow();
      List<PublishRequest.Target> targets = targetsOf(q, image);
      if (!pins(repo, tip, targets, current.entry().image(), current.entry().digest())) {
        return new RollbackPlan.Refused(
            Reasons.PIN_EDITED_BY_HAND,
            "the tip of "
                + q.branch()
                + " no longer pins "
                + current.entry().digest()
                + ", which "
                + current.entry().shortCommit()
                + " pinned; changed since by "
                + describe(repo, tip, List.of(current.commit()), paths(targets), q.walkLimit())
                + ". Shipproof rolls back only pins it made");
      }
      Predicate<HistoryEntry> sameImage =
          ofEnvironment.and(e -> canonical(e.image()).map(image::equals).orElse(false));
      Optional<String> wanted = wantedDigest(repo, q, image);
      if (wanted.isPresent() && wanted.get().startsWith("!")) {
        return new RollbackPlan.Refused(Reasons.INVALID_ROLLBACK, wanted.get().substring(1));
      }
      if (wanted.isPresent() && wanted.get().equals(current.entry().digest())) {
        return new RollbackPlan.AlreadyThere(current.entry());
      }
      // What the current pin replaced is on its own first-parent line, never beside it.
      try (PinCursor line =
          PinCursor.below(repo, current.commit(), q.walkLimit() - cursor.read())) {
        Walked walked = new Walked(cursor, line);
        return wanted.isEmpty()
            ? previous(repo, q, walked, current, targets, sameImage)
            : chainTo(repo, q, walked, current, targets, sameImage, wanted.get());
      }
    }
  }

  /** The walk that found the current pin, and the one along its first-parent line below it. */
  private record Walked(PinCursor found, PinCursor line) {
    Optional<PinCursor.Pin> next(Predicate<HistoryEntry> wanted) throws IOException {
      return line.next(wanted);
    }

    int read() {
      return found.read() + line.read();
    }

    boolean limitHit() {
      return line.limitHit();
    }
  }

  /**
   * The digest {@code to} names: empty for {@code previous}; a message starting with {@code !} when
   * {@code to} names a commit that cannot be used.
   */
  private static Optional<String> wantedDigest(Repository repo, RollbackQuery q, String image)
      throws IOException {
    if (q.to() instanceof RollbackTo.Digest d) {
      return Optional.of(d.digest());
    }
    if (!(q.to() instanceof RollbackTo.Commit c)) {
      return Optional.empty();
    }
    ObjectId id;
    try {
      id = repo.resolve(c.sha() + "^{commit}");
    } catch (AmbiguousObjectException e) {
      return Optional.of("!commit " + c.sha() + " is ambiguous; give more digits");
    } catch (IncorrectObjectTypeException e) {
      id = null;
    }
    if (id == null) {
      return Optional.of("!no commit " + c.sha() + " on branch " + q.branch());
    }
    try (RevWalk walk = new RevWalk(repo)) {
      Optional<HistoryEntry> entry = HistoryEntry.of(walk.parseCommit(id));
      if (entry.isEmpty()
          || !entry.get().environment().equals(q.environment())
          || !canonical(entry.get().image()).map(image::equals).orElse(false)) {
        return Optional.of(
            "!commit "
                + c.sha()
                + " is not a Shipproof commit pinning "
                + image
                + " in environment "
                + q.environment()
                + "; name a commit whose Shipproof-Digest trailer to restore");
      }
      return Optional.of(entry.get().digest());
    } catch (MissingObjectException e) {
      return Optional.of("!no commit " + c.sha() + " on branch " + q.branch());
    }
  }

  private RollbackPlan previous(
      Repository repo,
      RollbackQuery q,
      Walked cursor,
      PinCursor.Pin current,
      List<PublishRequest.Target> targets,
      Predicate<HistoryEntry> sameImage)
      throws IOException {
    Optional<PinCursor.Pin> prior = cursor.next(sameImage);
    if (prior.isEmpty()) {
      if (cursor.limitHit()) {
        return limitReached(q, cursor, "the pin before " + current.entry().shortCommit());
      }
      return new RollbackPlan.Refused(
          Reasons.NO_EARLIER_PIN,
          current.entry().shortCommit()
              + " is the first Shipproof pin of "
              + current.entry().image()
              + " in "
              + q.environment()
              + "; before it "
              + replaced(repo, current.commit(), targets)
              + ": no earlier verified pin to go back to");
    }
    Optional<RollbackPlan.Refused> broken = handMade(repo, q, current, prior.get(), targets);
    if (broken.isPresent()) {
      return broken.get();
    }
    return new RollbackPlan.Ready(
        current.entry().image(),
        current.entry(),
        prior.get().entry(),
        List.of(current.entry().commit()));
  }

  private RollbackPlan chainTo(
      Repository repo,
      RollbackQuery q,
      Walked cursor,
      PinCursor.Pin current,
      List<PublishRequest.Target> targets,
      Predicate<HistoryEntry> sameImage,
      String digest)
      throws IOException {
    List<String> chain = new ArrayList<>();
    PinCursor.Pin newer = current;
    while (true) {
      chain.add(newer.entry().commit());
      Optional<PinCursor.Pin> older = cursor.next(sameImage);
      if (older.isEmpty()) {
        if (cursor.limitHit()) {
          return limitReached(q, cursor, "a Shipproof commit pinning " + digest);
        }
        return new RollbackPlan.Refused(
            Reasons.NO_EARLIER_PIN,
            "no Shipproof commit on branch "
                + q.branch()
                + " pinned "
                + digest
                + " for "
                + current.entry().image()
                + " in "
                + q.environment()
                + " ("
                + cursor.read()
                + " commits read): it was never verified here");
      }
      Optional<RollbackPlan.Refused> broken = handMade(repo, q, newer, older.get(), targets);
      if (broken.isPresent()) {
        return broken.get();
      }
      if (older.get().entry().digest().equals(digest)) {
        return new RollbackPlan.Ready(
            current.entry().image(), current.entry(), older.get().entry(), chain);
      }
      newer = older.get();
    }
  }

  /** A refusal when the parent of {@code newer} does not pin what {@code older} pinned. */
  private Optional<RollbackPlan.Refused> handMade(
      Repository repo,
      RollbackQuery q,
      PinCursor.Pin newer,
      PinCursor.Pin older,
      List<PublishRequest.Target> targets)
      throws IOException {
    RevCommit parent = newer.commit().getParent(0);
    if (pins(repo, parent, targets, older.entry().image(), older.entry().digest())) {
      return Optional.empty();
    }
    return Optional.of(
        new RollbackPlan.Refused(
            Reasons.NO_EARLIER_PIN,
            "before "
                + newer.entry().shortCommit()
                + " "
                + replaced(repo, newer.commit(), targets)
                + ", which no Shipproof commit pinned: it was changed by hand by "
                + describe(repo, parent, List.of(older.commit()), paths(targets), q.walkLimit())
                + " after the last verified pin "
                + older.entry().shortCommit()
                + " ("
                + older.entry().digest()
                + "); a hand-made pin was never verified, so Shipproof will not restore it"));
  }

  /** The newest commit (within the usual depth) whose trailer names this promotion's uid. */
  private static Optional<HistoryEntry> ownCommit(
      Repository repo, ObjectId tip, String uid, Instant notBefore) throws IOException {
    if (uid == null || uid.isBlank()) {
      return Optional.empty();
    }
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(tip));
      int seen = 0;
      for (RevCommit c : walk) {
        if (JgitWorkspace.searchedEnough(++seen, c, notBefore)) {
          break;
        }
        if (JgitWorkspace.namesPromotion(c, uid.strip())) {
          return HistoryEntry.of(c);
        }
      }
      return Optional.empty();
    }
  }

  /** Whether every target at {@code commit} pins {@code image@digest}. */
  static boolean pins(
      Repository repo,
      ObjectId commit,
      List<PublishRequest.Target> targets,
      String image,
      String digest)
      throws IOException {
    ImageRef ref;
    try {
      ref = ImageRef.parseDigestReference(image + "@" + digest);
    } catch (ImageRefException e) {
      return false;
    }
    for (PublishRequest.Target t : targets) {
      Optional<String> text = TreeFiles.read(repo, commit, t.path());
      if (text.isEmpty()
          || !(TargetEditors.edit(t.format(), text.get(), t, ref)
              instanceof EditResult.Unchanged)) {
        return false;
      }
    }
    return !targets.isEmpty();
  }

  /** "path held: <lines the commit removed>", what a commit replaced in the targets. */
  private static String replaced(
      Repository repo, RevCommit commit, List<PublishRequest.Target> targets) throws IOException {
    List<String> parts = new ArrayList<>();
    for (PublishRequest.Target t : targets) {
      Optional<String> before = TreeFiles.read(repo, commit.getParent(0), t.path());
      Optional<String> after = TreeFiles.read(repo, commit, t.path());
      if (before.isEmpty()) {
        parts.add(t.path() + " did not exist");
        continue;
      }
      Set<String> kept = new LinkedHashSet<>(after.orElse("").lines().map(String::strip).toList());
      List<String> removed =
          before
              .get()
              .lines()
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !kept.contains(l))
              .limit(3)
              .toList();
      parts.add(
          t.path()
              + " held "
              + (removed.isEmpty() ? "the same text" : "\"" + String.join(" / ", removed) + "\""));
    }
    return CommitMessage.oneLine(String.join("; ", parts));
  }

  /**
   * Names up to a few commits reachable from {@code from} but not {@code since} that touched paths.
   */
  private static String describe(
      Repository repo, ObjectId from, List<RevCommit> since, List<String> paths, int limit)
      throws IOException {
    List<RevCommit> touched = TreeFiles.touching(repo, from, since, paths, NAMED_COMMITS, limit);
    if (touched.isEmpty()) {
      return "a commit Shipproof cannot name (outside the " + limit + " commits it reads)";
    }
    List<String> named = new ArrayList<>();
    for (RevCommit c : touched) {
      named.add(
          shortSha(c.name())
              + " \""
              + CommitMessage.oneLine(c.getShortMessage())
              + "\" ("
              + CommitMessage.oneLine(c.getAuthorIdent().getName())
              + ")");
    }
    return String.join(", ", named);
  }

  /** The later commits, not themselves being reverted, that touched the conflicting paths. */
  private String laterThan(
      Repository repo, ObjectId tip, String culprit, RollbackPlan.Ready plan, List<String> paths)
      throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit since = walk.parseCommit(ObjectId.fromString(culprit));
      List<RevCommit> touched =
          TreeFiles.touching(
              repo,
              tip,
              List.of(since),
              paths,
              NAMED_COMMITS + plan.revert().size(),
              Integer.MAX_VALUE);
      List<String> named = new ArrayList<>();
      for (RevCommit c : touched) {
        if (!plan.revert().contains(c.name()) && named.size() < NAMED_COMMITS) {
          named.add(
              shortSha(c.name())
                  + " \""
                  + CommitMessage.oneLine(c.getShortMessage())
                  + "\" ("
                  + CommitMessage.oneLine(c.getAuthorIdent().getName())
                  + ")");
        }
      }
      return named.isEmpty() ? "none Shipproof can name" : String.join(", ", named);
    }
  }

  private String later(Repository repo, ObjectId tip, RollbackPlan.Ready plan, List<String> paths)
      throws IOException {
    return laterThan(repo, tip, plan.revert().get(plan.revert().size() - 1), plan, paths);
  }

  private static List<String> paths(List<PublishRequest.Target> targets) {
    return targets.stream().map(PublishRequest.Target::path).distinct().toList();
  }

  private static List<String> paths(Set<String> files) {
    return List.copyOf(files);
  }

  static List<PublishRequest.Target> targetsOf(RollbackQuery q, String image) {
    String canonical = canonical(image).orElse(image);
    return q.targets().stream()
        .filter(t -> canonical(t.imageName()).map(canonical::equals).orElse(false))
        .toList();
  }

  static Optional<String> canonical(String image) {
    try {
      return Optional.of(ImageRef.parse(image).canonicalName());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static RollbackPlan.Refused limitReached(RollbackQuery q, PinCursor cursor, String what) {
    return limitReached(q, cursor.read(), what);
  }

  private static RollbackPlan.Refused limitReached(RollbackQuery q, Walked cursor, String what) {
    return limitReached(q, cursor.read(), what);
  }

  private static RollbackPlan.Refused limitReached(RollbackQuery q, int read, String what) {
    return new RollbackPlan.Refused(
        Reasons.HISTORY_LIMIT_REACHED,
        "read "
            + read
            + " commits of "
            + q.branch()
            + " (the limit, shipproof.rollback.history-limit) without finding "
            + what
            + "; raise the limit or roll back to a more recent pin");
  }

  private static RollbackPlan.Refused missingBranch(RollbackQuery q) {
    return new RollbackPlan.Refused(
        Reasons.TARGET_NOT_FOUND,
        "branch " + q.branch() + " does not exist in " + GitUrls.redact(q.url()));
  }

  static String shortSha(String sha) {
    return sha.substring(0, Math.min(12, sha.length()));
  }
}
