package dev.shipproof.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Commits a few edited files on top of the branch tip by rewriting only the trees on their paths.
 * {@code git add} + {@code git commit} read the whole work tree's index and write every tree of the
 * repository again (thousands in a large monorepo) although a promotion changes one or two files;
 * this writes the new blobs, one tree per directory on each changed path, and the commit, and then
 * edits the index for the changed paths only, so the clone stays exactly at its new HEAD.
 *
 * <p>Only replaces existing regular files: a changed path that is missing from the tip's tree, or
 * is not a regular file there, makes {@link #commit} return empty having written no ref, and the
 * caller falls back to {@code git add} + {@code git commit}.
 */
final class PathCommit {
  private PathCommit() {}

  /**
   * Writes {@code changed} (repository-relative path to new UTF-8 text, already written to the work
   * tree) as one commit on top of HEAD's commit {@code parent}, moves HEAD's branch to it
   * (expecting {@code parent}) and updates the index entries of those paths.
   *
   * @return the commit; empty when a path is not a plain file of the parent's tree
   */
  static Optional<RevCommit> commit(
      Repository repo,
      ObjectId parent,
      Map<String, String> changed,
      PersonIdent who,
      String message)
      throws IOException {
    try (ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit base = walk.parseCommit(parent);
      Map<String, ObjectId> blobs = new TreeMap<>();
      for (Map.Entry<String, String> e : changed.entrySet()) {
        blobs.put(
            e.getKey(),
            inserter.insert(Constants.OBJ_BLOB, e.getValue().getBytes(StandardCharsets.UTF_8)));
      }
      Map<String, ObjectId> pending = new TreeMap<>(blobs);
      ObjectId tree = rewrite(reader, inserter, base.getTree(), "", pending);
      if (!pending.isEmpty()) {
        return Optional.empty();
      }
      CommitBuilder builder = new CommitBuilder();
      builder.setTreeId(tree);
      builder.setParentId(base);
      builder.setAuthor(who);
      builder.setCommitter(who);
      builder.setMessage(message);
      ObjectId id = inserter.insert(builder);
      inserter.flush();
      IndexEdits.apply(repo, blobs);
      RefUpdate update = repo.updateRef(Constants.HEAD);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(base);
      update.setRefLogMessage("commit: " + CommitMessage.oneLine(message), false);
      RefUpdate.Result result = update.update(walk);
      if (result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.NEW) {
        throw new IOException("could not move HEAD to the new commit: " + result);
      }
      return Optional.of(walk.parseCommit(id));
    }
  }

  /**
   * The tree {@code treeId} with the blobs of {@code pending} (paths under {@code prefix}) put in
   * place of the regular files they name; each path found is removed from {@code pending}. Entry
   * order is kept as read, which is git's order, since no name changes.
   */
  private static ObjectId rewrite(
      ObjectReader reader,
      ObjectInserter inserter,
      ObjectId treeId,
      String prefix,
      Map<String, ObjectId> pending)
      throws IOException {
    CanonicalTreeParser entries = new CanonicalTreeParser(null, reader, treeId);
    TreeFormatter tree = new TreeFormatter();
    for (; !entries.eof(); entries.next()) {
      String path = prefix + entries.getEntryPathString();
      FileMode mode = entries.getEntryFileMode();
      ObjectId id = entries.getEntryObjectId();
      if (mode == FileMode.REGULAR_FILE && pending.containsKey(path)) {
        id = pending.remove(path);
      } else if (mode == FileMode.TREE && under(pending, path + "/")) {
        id = rewrite(reader, inserter, id, path + "/", pending);
      }
      tree.append(entries.getEntryPathBuffer(), 0, entries.getEntryPathLength(), mode, id);
    }
    return inserter.insert(tree);
  }

  private static boolean under(Map<String, ObjectId> pending, String dir) {
    for (String path : pending.keySet()) {
      if (path.startsWith(dir)) {
        return true;
      }
    }
    return false;
  }
}
