package dev.shipproof.gitops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Puts commits read newest first (by committer time, as a {@code RevWalk} gives them) in an order
 * that never lists a commit before one of its descendants. Committer times are what their writers'
 * clocks said: an override written by a clock ahead of time was listed before a rollback made on
 * top of it, and "the newest word on a digest wins" then lifted a quarantine that the rollback,
 * live at the tip, had put back. Among commits that do not descend from one another the walk's
 * order stands.
 */
final class NewestFirst {
  private NewestFirst() {}

  /**
   * The commits a read took, in {@link #order}.
   *
   * @param truncated true when the walk had more commits than the limit
   */
  record Window(List<RevCommit> commits, boolean truncated) {}

  /** Up to {@code limit} commits from {@code walk} (already started), put in {@link #order}. */
  static Window read(RevWalk walk, int limit) throws IOException {
    List<RevCommit> walked = new ArrayList<>();
    for (RevCommit c = walk.next(); c != null; c = walk.next()) {
      if (walked.size() >= limit) {
        return new Window(order(walked), true);
      }
      walked.add(c);
    }
    return new Window(order(walked), false);
  }

  /**
   * The same commits, each after every descendant among them, otherwise in {@code walked}'s order.
   * Ancestry is read from the parents the walk parsed; commits outside the list do not count.
   */
  static List<RevCommit> order(List<RevCommit> walked) {
    Map<RevCommit, Integer> position = new HashMap<>();
    for (int i = 0; i < walked.size(); i++) {
      position.put(walked.get(i), i);
    }
    int[] children = new int[walked.size()];
    for (RevCommit c : walked) {
      for (RevCommit p : c.getParents()) {
        Integer at = position.get(p);
        if (at != null) {
          children[at]++;
        }
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < children.length; i++) {
      if (children[i] == 0) {
        ready.add(i);
      }
    }
    List<RevCommit> out = new ArrayList<>(walked.size());
    while (!ready.isEmpty()) {
      RevCommit c = walked.get(ready.poll());
      out.add(c);
      for (RevCommit p : c.getParents()) {
        Integer at = position.get(p);
        if (at != null && --children[at] == 0) {
          ready.add(at);
        }
      }
    }
    return out;
  }
}
