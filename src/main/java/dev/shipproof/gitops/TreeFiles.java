package dev.shipproof.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** Reads files and file history straight from git objects, without a work tree. */
final class TreeFiles {
  private TreeFiles() {}

  /** The text of {@code path} at {@code commit}; empty when there is no such file. */
  static Optional<String> read(Repository repo, ObjectId commit, String path) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(commit);
      try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
        if (tw == null
            || tw.getFileMode(0).getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB) {
          return Optional.empty();
        }
        return Optional.of(
            new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * Up to {@code max} commits reachable from {@code from} but not from any of {@code since} that
   * changed one of {@code paths}, newest first, reading at most {@code limit} commits.
   */
  static List<RevCommit> touching(
      Repository repo, ObjectId from, List<RevCommit> since, List<String> paths, int max, int limit)
      throws IOException {
    List<RevCommit> found = new ArrayList<>();
    if (paths.isEmpty()) {
      return found;
    }
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(from));
      for (RevCommit s : since) {
        walk.markUninteresting(walk.parseCommit(s));
      }
      walk.setTreeFilter(
          AndTreeFilter.create(PathFilterGroup.createFromStrings(paths), TreeFilter.ANY_DIFF));
      int read = 0;
      for (RevCommit c : walk) {
        if (++read > limit || found.size() >= max) {
          break;
        }
        found.add(c);
      }
    }
    return found;
  }
}
