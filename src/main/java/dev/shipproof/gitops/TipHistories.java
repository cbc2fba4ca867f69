package dev.shipproof.gitops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The Shipproof commits of one environment among the last {@code limit} first-parent commits of a
 * tip, kept per clone and environment so that the next publish reads only the commits pushed since.
 * A tip guard runs on every publish; without this it would parse up to {@code limit} commits each
 * time. Commit ids name their whole history, so a remembered tip stays true after the clone is
 * deleted and cloned again; a tip that is not on the new tip's first-parent line (a rewritten
 * branch) means a full read.
 */
final class TipHistories {
  /** Clones times environments remembered; the least recently used is forgotten first. */
  static final int REMEMBERED = 256;

  private record Key(Path cloneDir, String environment) {}

  private record Mark(int depth, HistoryEntry entry) {}

  private record Seen(ObjectId tip, int limit, List<Mark> newestFirst) {}

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
   * The environment's Shipproof commits among the {@code limit} first-parent commits from {@code
   * tip}, newest first. The caller holds the clone's lock.
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
    List<Mark> marks = new ArrayList<>();
    int depth = 0;
    boolean joined = false;
    try (RevWalk walk = new RevWalk(repo)) {
      // Merged-in side branches are not the environment's own sequence of pins.
      walk.setFirstParent(true);
      walk.markStart(walk.parseCommit(tip));
      for (RevCommit c = walk.next(); c != null && depth < limit; c = walk.next()) {
        if (before != null && c.equals(before.tip())) {
          joined = true;
          break;
        }
        final int at = depth;
        HistoryEntry.of(c)
            .filter(e -> environment.equals(e.environment()))
            .ifPresent(e -> marks.add(new Mark(at, e)));
        depth++;
      }
    }
    if (joined) {
      for (Mark m : before.newestFirst()) {
        if (m.depth() + depth < limit) {
          marks.add(new Mark(m.depth() + depth, m.entry()));
        }
      }
    }
    Seen now = new Seen(tip.copy(), limit, List.copyOf(marks));
    synchronized (this) {
      seen.put(key, now);
      parsed += depth;
    }
    return entries(now);
  }

  synchronized long parsed() {
    return parsed;
  }

  private static List<HistoryEntry> entries(Seen s) {
    return s.newestFirst().stream().map(Mark::entry).toList();
  }
}
