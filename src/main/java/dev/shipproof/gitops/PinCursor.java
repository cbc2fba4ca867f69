package dev.shipproof.gitops;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Walks history from a tip, lazily, one commit at a time, through every parent and newest commit
 * first (as {@code git log} does), and hands out the Shipproof commits a caller asks for. Reads at
 * most {@code limit} commits, so the cost of a rollback lookup depends on how far back the pins
 * are, never on how long the history is.
 *
 * <p>Every parent, not the first-parent line: a {@code git pull} from a stale clone, or a merged
 * pull request, makes the operator's latest pins a merge's second parent, and they are still the
 * environment's pins (the tip holds them). Reading first parents only, a rollback then found an
 * older pin as the current one and refused with {@code PinEditedByHand}, and {@code shipproof
 * history} left them out. A rollback uses this walk only to find the current pin; the pins before
 * it are read with {@link #below} along that pin's own first-parent line.
 */
final class PinCursor implements AutoCloseable {
  /** A Shipproof commit and its parsed record. */
  record Pin(HistoryEntry entry, RevCommit commit) {}

  private final RevWalk walk;
  private final int limit;
  private int read;
  private boolean limitHit;

  PinCursor(Repository repo, ObjectId tip, int limit) throws IOException {
    this(repo, tip, limit, false);
  }

  private PinCursor(Repository repo, ObjectId start, int limit, boolean firstParent)
      throws IOException {
    this.walk = new RevWalk(repo);
    this.limit = limit;
    walk.setFirstParent(firstParent);
    if (start != null) {
      walk.markStart(walk.parseCommit(start));
    }
  }

  /**
   * A cursor over the first-parent line below {@code pin} (its first parent, that one's, and so
   * on): the pins a Shipproof commit replaced, in the order it replaced them. A Shipproof commit is
   * made on the tip it fetched, so what it replaced is on its first parent; a pin on a line merged
   * in beside it is not what it replaced, even when it names the same digest.
   */
  static PinCursor below(Repository repo, RevCommit pin, int limit) throws IOException {
    if (pin.getParentCount() == 0) {
      return new PinCursor(repo, null, limit, true);
    }
    return new PinCursor(repo, pin.getParent(0), limit, true);
  }

  /** The next older Shipproof commit that {@code wanted} accepts; empty at the end or the limit. */
  Optional<Pin> next(Predicate<HistoryEntry> wanted) throws IOException {
    while (true) {
      if (read >= limit) {
        limitHit = true;
        return Optional.empty();
      }
      RevCommit c = walk.next();
      if (c == null) {
        return Optional.empty();
      }
      read++;
      Optional<HistoryEntry> entry = HistoryEntry.of(c).filter(wanted);
      if (entry.isPresent()) {
        return Optional.of(new Pin(entry.get(), c));
      }
    }
  }

  /** Commits read so far. */
  int read() {
    return read;
  }

  /** True when the walk stopped at its limit with history left unread. */
  boolean limitHit() {
    return limitHit;
  }

  @Override
  public void close() {
    walk.close();
  }
}
