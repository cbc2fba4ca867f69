package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Histories written straight into a bare repository, with chosen parents and committer times:
 * merges, octopus merges and wrong clocks exactly as a test wants them.
 */
final class WrittenHistory implements AutoCloseable {
  private final Repository bare;
  private final Instant t0;
  private final RevCommit root;

  private WrittenHistory(Repository bare, Instant t0, RevCommit root) {
    this.bare = bare;
    this.t0 = t0;
    this.root = root;
  }

  /** Writes into {@code remote}'s bare repository; times count from {@code t0}. */
  static WrittenHistory on(TestRemote remote, Instant t0) throws Exception {
    Repository bare =
        new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
            .setGitDir(remote.bare.toFile())
            .build();
    try (RevWalk w = new RevWalk(bare)) {
      return new WrittenHistory(bare, t0, w.parseCommit(remote.tip()));
    }
  }

  /** The remote's tip when this began: the base of every history a test writes. */
  RevCommit root() {
    return root;
  }

  /** {@link #commit(Repository, Instant, int, String, Map, RevCommit...)} into this remote. */
  RevCommit commit(int t, String message, Map<String, String> changes, RevCommit... parents)
      throws Exception {
    return commit(bare, t0, t, message, changes, parents);
  }

  /** Points the remote's branch at {@code c}. */
  void moveBranch(RevCommit c) throws Exception {
    moveBranch(bare, TestRemote.BRANCH, c);
  }

  @Override
  public void close() {
    bare.close();
  }

  /**
   * A commit at {@code t0} + {@code t} seconds whose tree is its first parent's with {@code
   * changes} applied.
   */
  static RevCommit commit(
      Repository bare,
      Instant t0,
      int t,
      String message,
      Map<String, String> changes,
      RevCommit... parents)
      throws Exception {

    Map<String, ObjectId> files = new TreeMap<>();
    try (ObjectInserter ins = bare.newObjectInserter();
        RevWalk w = new RevWalk(bare)) {
      if (parents.length > 0) {
        try (TreeWalk tw = new TreeWalk(bare)) {
          tw.addTree(w.parseCommit(parents[0]).getTree());
          tw.setRecursive(true);
          while (tw.next()) {
            files.put(tw.getPathString(), tw.getObjectId(0));
          }
        }
      }
      for (var c : changes.entrySet()) {
        files.put(
            c.getKey(),
            ins.insert(Constants.OBJ_BLOB, c.getValue().getBytes(StandardCharsets.UTF_8)));
      }
      DirCache dc = DirCache.newInCore();
      DirCacheBuilder b = dc.builder();
      for (var f : files.entrySet()) {
        DirCacheEntry e = new DirCacheEntry(f.getKey());
        e.setFileMode(FileMode.REGULAR_FILE);
        e.setObjectId(f.getValue());
        b.add(e);
      }
      b.finish();
      ObjectId tree = dc.writeTree(ins);
      PersonIdent who =
          new PersonIdent("Clock " + t, "c@example.com", t0.plusSeconds(t), ZoneOffset.UTC);
      CommitBuilder cb = new CommitBuilder();
      cb.setTreeId(tree);
      cb.setParentIds(parents);
      cb.setAuthor(who);
      cb.setCommitter(who);
      cb.setMessage(message);
      ObjectId id = ins.insert(cb);
      ins.flush();
      return w.parseCommit(id);
    }
  }

  /** Points {@code branch} of {@code bare} at {@code c}, whatever it pointed at. */
  static void moveBranch(Repository bare, String branch, RevCommit c) throws Exception {
    RefUpdate u = bare.updateRef("refs/heads/" + branch);
    u.setNewObjectId(c);
    u.setForceUpdate(true);
    assertThat(u.update())
        .isIn(
            RefUpdate.Result.FORCED,
            RefUpdate.Result.NEW,
            RefUpdate.Result.FAST_FORWARD,
            RefUpdate.Result.NO_CHANGE);
  }
}
