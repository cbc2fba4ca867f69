package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.UpstreamSpec;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.GitException;
import dev.shipproof.gitops.GitHistory;
import dev.shipproof.gitops.GitUrls;
import dev.shipproof.gitops.HistoryCommit;
import dev.shipproof.model.ImageRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Build once, promote many: a digest may enter an environment only after it landed, verified, in
 * the upstream environment, and (unless {@code allowRolledBack}) is still pinned there. The
 * upstream's record is its git history: the newest commit whose trailers name the upstream
 * environment and the digest is where it landed; a later commit of the upstream that pins another
 * digest for the same image, or whose {@code Shipproof-Revert-Of} names the landing, took it away.
 * With {@code minSoak}, the digest must also have been pinned there that long.
 */
public final class UpstreamGate {
  /** How many commits of the upstream branch are searched for the landing. */
  static final int SEARCH_DEPTH = 1000;

  private final GitHistory history;
  private final Clock clock;
  private final SoakStart soakStart;

  /**
   * @param history reads the upstream's branch
   * @param clock the time soaks are measured against
   * @param soakStart when a landed digest started soaking
   */
  public UpstreamGate(GitHistory history, Clock clock, SoakStart soakStart) {
    this.history = history;
    this.clock = clock;
    this.soakStart = soakStart;
  }

  /** What the gate said. */
  public sealed interface Result {
    /** A sentence for status, events and the CLI. */
    String message();

    /** The digest may enter. */
    record Passed(String message) implements Result {}

    /** The digest may not enter: final. */
    record Refused(String reason, String message) implements Result {}

    /** The digest may enter at {@code notBefore}, if nothing changes upstream until then. */
    record Wait(Instant notBefore, String message) implements Result {}
  }

  /**
   * Checks {@code digest} against the upstream's record.
   *
   * @param spec the environment's {@code spec.upstream}
   * @param upstream the upstream's record, or {@code null} when it was not found
   * @throws PromotionOutage when the upstream Environment is missing or its repository cannot be
   *     read; both may change
   */
  public Result check(UpstreamSpec spec, UpstreamRecord upstream, String digest)
      throws PromotionOutage {
    if (upstream == null) {
      throw new PromotionOutage(
          Reasons.UPSTREAM_ENVIRONMENT_NOT_FOUND,
          "upstream Environment "
              + spec.getEnvironment()
              + " does not exist (yet); a digest must land there first; will retry");
    }
    String name = upstream.name();
    if (upstream.spec().getGit() == null || upstream.spec().getGit().getUrl() == null) {
      // The upstream's own promotions refuse it the same way; once it is fixed, this one passes.
      throw new PromotionOutage(
          Reasons.UPSTREAM_ENVIRONMENT_NOT_FOUND,
          "upstream Environment " + name + " has no spec.git.url: its record cannot be read");
    }
    String url = upstream.spec().getGit().getUrl();
    String branch = upstream.spec().getGit().getBranch();
    String where = name + " (" + GitUrls.redact(url) + ", branch " + branch + ")";
    List<HistoryCommit> commits;
    List<HistoryCommit> line;
    Optional<HistoryCommit> landing;
    try {
      commits = history.read(url, branch, upstream.access(), SEARCH_DEPTH);
      line = firstParentLine(commits);
      landing = landing(line, name, digest);
      if (landing.isEmpty()) {
        landing = fromStatus(upstream, url, branch, digest);
      }
    } catch (GitException e) {
      throw new PromotionOutage(e.reason(), "reading the upstream record: " + e.getMessage(), e);
    }
    String shortDigest = ImageRef.shortDigest(digest);
    if (landing.isEmpty()) {
      return new Result.Refused(
          Reasons.UPSTREAM_NOT_PROMOTED,
          shortDigest
              + " has not been promoted to the upstream environment "
              + where
              + ": no Shipproof commit there names it"
              + current(upstream.status())
              + "; promote it there first");
    }
    HistoryCommit landed = landing.get();
    String since = "landed in " + name + " as " + landed.shortSha() + " at " + landed.committed();
    Optional<String> gone = takenAway(line, landed, name);
    if (gone.isEmpty()) {
      gone = takenAway(commits, landed, name);
    }
    if (gone.isPresent() && !spec.isAllowRolledBack()) {
      return new Result.Refused(
          Reasons.UPSTREAM_NOT_PINNED,
          shortDigest
              + " "
              + since
              + " but is no longer pinned there: "
              + gone.get()
              + " (set upstream.allowRolledBack to accept it anyway)");
    }
    String note = gone.map(g -> "; accepted although " + g + " (allowRolledBack)").orElse("");
    if (spec.getMinSoak() == null || spec.getMinSoak().isBlank()) {
      return new Result.Passed(shortDigest + " " + since + note);
    }
    return soak(upstream, landed, SoakDuration.parse(spec.getMinSoak()), shortDigest, since, note);
  }

  private Result soak(
      UpstreamRecord upstream,
      HistoryCommit landed,
      Duration minSoak,
      String shortDigest,
      String since,
      String note)
      throws PromotionOutage {
    Instant now = clock.instant();
    Instant start = soakStart.since(upstream, landed);
    String wanted = "; it must soak there for " + SoakDuration.format(minSoak);
    if (start == null) {
      Instant again = now.plus(Duration.ofMinutes(1));
      return new Result.Wait(
          again, shortDigest + " " + since + wanted + ", and its soak has not started yet");
    }
    Instant ready = start.plus(minSoak);
    if (now.isBefore(ready)) {
      return new Result.Wait(
          ready,
          shortDigest
              + " "
              + since
              + wanted
              + ": "
              + SoakDuration.format(Duration.between(now, ready))
              + " left, until "
              + ready);
    }
    return new Result.Passed(
        shortDigest
            + " "
            + since
            + " and soaked there for "
            + SoakDuration.format(Duration.between(start, now))
            + " (at least "
            + SoakDuration.format(minSoak)
            + ")"
            + note);
  }

  /**
   * The branch's own line in {@code commits} (newest first, the tip first): the tip, its first
   * parent, and so on, as far as they were read. A landing counts only there: a Shipproof commit on
   * a line merged in beside it may not have survived the merge. What took a landing away is looked
   * for both along this line and among every commit read before it, so a revert merged in as a
   * second parent counts, and one on the line counts whatever the clocks said.
   */
  private static List<HistoryCommit> firstParentLine(List<HistoryCommit> commits) {
    Map<String, HistoryCommit> bySha = new HashMap<>();
    commits.forEach(c -> bySha.put(c.sha(), c));
    List<HistoryCommit> line = new ArrayList<>();
    HistoryCommit c = commits.isEmpty() ? null : commits.get(0);
    while (c != null && line.size() < commits.size()) {
      line.add(c);
      c = c.parents().isEmpty() ? null : bySha.get(c.parents().get(0));
    }
    return line;
  }

  /** The newest commit of the upstream naming the digest. */
  private static Optional<HistoryCommit> landing(
      List<HistoryCommit> commits, String upstream, String digest) {
    return commits.stream()
        .filter(c -> c.isShipproofCommitFor(upstream))
        .filter(c -> digest.equals(c.trailer(CommitMessage.DIGEST)))
        .findFirst();
  }

  /**
   * A landing older than the search depth, found through the upstream's status: the commit it names
   * as current, when that commit is on the branch and its trailers agree.
   */
  private Optional<HistoryCommit> fromStatus(
      UpstreamRecord upstream, String url, String branch, String digest) throws GitException {
    EnvironmentStatus status = upstream.status();
    if (status == null
        || !digest.equals(status.getCurrentDigest())
        || status.getCurrentCommit() == null) {
      return Optional.empty();
    }
    return history
        .onBranch(url, branch, status.getCurrentCommit())
        .filter(c -> c.isShipproofCommitFor(upstream.name()))
        .filter(c -> digest.equals(c.trailer(CommitMessage.DIGEST)));
  }

  /**
   * Why the landing is no longer pinned: the newest later commit of the upstream that pins another
   * digest for the same image, or reverts the landing. Empty when it is still pinned.
   */
  private static Optional<String> takenAway(
      List<HistoryCommit> commits, HistoryCommit landed, String upstream) {
    String image = landed.trailer(CommitMessage.IMAGE);
    String digest = landed.trailer(CommitMessage.DIGEST);
    for (HistoryCommit c : commits) {
      if (c.sha().equals(landed.sha())) {
        break;
      }
      if (revertOf(c, landed)) {
        return Optional.of(c.shortSha() + " reverted it");
      }
      String other = c.trailer(CommitMessage.DIGEST);
      if (c.isShipproofCommitFor(upstream)
          && image != null
          && image.equals(c.trailer(CommitMessage.IMAGE))
          && other != null
          && !other.equals(digest)) {
        return Optional.of(c.shortSha() + " replaced it with " + ImageRef.shortDigest(other));
      }
    }
    return Optional.empty();
  }

  /** A revert names the reverted commit in full, or by an unambiguous prefix of 7+ hex digits. */
  private static boolean revertOf(HistoryCommit c, HistoryCommit landed) {
    String reverted = c.trailer(CommitMessage.REVERT_OF);
    if (reverted == null) {
      return false;
    }
    String sha = reverted.strip().split("\\s+")[0];
    return sha.length() >= 7 && landed.sha().startsWith(sha);
  }

  private static String current(EnvironmentStatus status) {
    if (status == null || status.getCurrentDigest() == null) {
      return "";
    }
    return " (its status says it runs " + ImageRef.shortDigest(status.getCurrentDigest()) + ")";
  }
}
