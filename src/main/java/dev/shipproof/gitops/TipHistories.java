package dev.shipproof.gitops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevFlag;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The Shipproof commits of one environment among the {@code limit} newest commits reachable from a
 * tip, newest first (committer time, but never before a descendant: {@link NewestFirst}), through
 * every parent: a rollback that reached the branch as the second parent of a merge (a person's
 * {@code git pull}, a merged pull request) is live at the tip, and the quarantine must see it.
 *
 * <p>Kept per clone and environment, so that the next write reads only the commits pushed since:
 * without this the tip guard would parse up to {@code limit} commits on every publish. Commit ids
 * name their whole history, so a remembered tip stays true after the clone is deleted and cloned
 * again. When the remembered tip is no longer reachable (a rewritten branch), or more than {@code
 * limit} commits arrived since, the history is read afresh.
 */
final class TipHistories {
  /** Clones times environments remembered; the least recently used is forgotten first. */
  static final int REMEMBERED = 256;

  private record Key(Path cloneDir, String environment) {}

  /** An entry and how many commits were read before it. */
  private record Mark(int rank, HistoryEntry entry) {}

  /**
   * @param newest the latest committer time (epoch seconds) among the commits read
   */
  private record Seen(ObjectId tip, int limit, List<Mark> newestFirst, int newest) {}

  private final Map<Key, Seen> seen =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Seen> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** Commits parsed by the reads so far, for tests of the incremental read. */
  private long parsed;

  /**
   * The environment's Shipproof commits among the {@code limit} newest commits reachable from
   * {@code tip}, newest first. The caller holds the clone's lock.
   */
  List<HistoryEntry> at(Repository repo, Path clone, ObjectId tip, String environment, int limit)
      throws IOException {
    Key key = new Key(clone, environment);
    Seen before;
    synchronized (this) {
      before = seen.get(key);
    }
    if (before != null && before.limit() != limit) {
      before = null;
    }
    if (before != null && before.tip().equals(tip)) {
      return entries(before);
    }
    Seen now = before == null ? null : since(repo, tip, before, environment, limit);
    if (now == null) {
      List<Mark> marks = new ArrayList<>();
      Reach reach = read(repo, tip, null, environment, limit, marks);
      now = new Seen(tip.copy(), limit, List.copyOf(marks), reach.newest());
    }
    synchronized (this) {
      seen.put(key, now);
    }
    return entries(now);
  }

  /**
   * What is seen at {@code tip}, from what was remembered at an earlier tip: the commits reachable
   * from {@code tip} but not from the earlier one, then the remembered marks shifted back by their
   * count. This is the order a fresh read gives when the new commits are one line of single-parent
   * commits on the earlier tip (a fresh walk can only take them one after the other, whatever their
   * times), or when every new commit is newer than every remembered one. Anything else (a merge
   * bringing in commits no newer than remembered ones) means a fresh read: {@code null}. Also
   * {@code null} when the earlier tip is not reachable from {@code tip} (or no longer in the
   * clone), or when {@code limit} commits or more arrived since.
   */
  private Seen since(Repository repo, ObjectId tip, Seen before, String environment, int limit)
      throws IOException {
    List<Mark> marks = new ArrayList<>();
    Reach reach = read(repo, tip, before.tip(), environment, limit, marks);
    if (!reach.joined() || reach.full() || reach.read() == 0) {
      return null;
    }
    if (!reach.linear() && reach.oldest() <= before.newest()) {
      // A merge brought in commits no newer than remembered ones: a fresh walk may interleave.
      return null;
    }
    for (Mark m : before.newestFirst()) {
      if (m.rank() + reach.read() < limit) {
        marks.add(new Mark(m.rank() + reach.read(), m.entry()));
      }
    }
    // A line of commits may carry older times than those remembered (clocks disagree).
    return new Seen(
        tip.copy(), limit, List.copyOf(marks), Math.max(reach.newest(), before.newest()));
  }

  /**
   * @param oldest the earliest committer time among the commits read ({@code MAX_VALUE} for none)
   * @param newest the latest ({@code MIN_VALUE} for none)
   * @param linear no commit read has more than one parent
   */
  private record Reach(
      int read, boolean full, boolean joined, int oldest, int newest, boolean linear) {}

  /**
   * Reads the commits reachable from {@code tip}, and not from {@code earlier} when given, newest
   * first, up to {@code limit}, adding the environment's to {@code marks}; says whether {@code
   * earlier} is reachable from {@code tip}.
   */
  private Reach read(
      Repository repo,
      ObjectId tip,
      ObjectId earlier,
      String environment,
      int limit,
      List<Mark> marks)
      throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      // Carried from child to parent: reaching the earlier tip with it proves the earlier tip is
      // an ancestor, so everything remembered there is still in the history.
      RevFlag fromTip = walk.newFlag("from-tip");
      walk.carry(fromTip);
      RevCommit start = walk.parseCommit(tip);
      start.add(fromTip);
      walk.markStart(start);
      RevCommit old = null;
      if (earlier != null) {
        try {
          old = walk.parseCommit(earlier);
        } catch (MissingObjectException gone) {
          return new Reach(0, false, false, Integer.MAX_VALUE, Integer.MIN_VALUE, true);
        }
        walk.markUninteresting(old);
      }
      // Ranked so that no commit comes before its descendants, whatever the clocks said. The new
      // commits of an incremental read are never ancestors of remembered ones, so putting them
      // first keeps that true.
      NewestFirst.Window window = NewestFirst.read(walk, limit);
      List<RevCommit> ordered = window.commits();
      int read = ordered.size();
      int oldest = Integer.MAX_VALUE;
      int newest = Integer.MIN_VALUE;
      boolean linear = true;
      for (RevCommit c : ordered) {
        oldest = Math.min(oldest, c.getCommitTime());
        newest = Math.max(newest, c.getCommitTime());
        linear &= c.getParentCount() <= 1;
      }
      for (int rank = 0; rank < ordered.size(); rank++) {
        final int r = rank;
        HistoryEntry.of(ordered.get(rank))
            .filter(e -> environment.equals(e.environment()))
            .ifPresent(e -> marks.add(new Mark(r, e)));
      }
      synchronized (this) {
        parsed += read;
      }
      return new Reach(
          read, window.truncated(), old != null && old.has(fromTip), oldest, newest, linear);
    }
  }

  synchronized long parsed() {
    return parsed;
  }

  private static List<HistoryEntry> entries(Seen s) {
    return s.newestFirst().stream().map(Mark::entry).toList();
  }
}
