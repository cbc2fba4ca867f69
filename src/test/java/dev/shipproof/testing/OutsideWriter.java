package dev.shipproof.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A person or bot pushing to an environment branch: commits straight into the bare repository (a
 * notes file, never the manifests), fast enough to race every push of the campaign.
 */
public final class OutsideWriter {
  private static final PersonIdent WHO = new PersonIdent("Outside Writer", "bot@example.com");

  private OutsideWriter() {}

  /** Adds {@code count} commits on top of the branch, each rewriting {@code NOTES.md}. */
  public static void commit(Path bare, String branch, int count, String note) throws IOException {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
        ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      String ref = Constants.R_HEADS + branch;
      ObjectId old = repo.resolve(ref);
      ObjectId parent = old;
      RevCommit tip = walk.parseCommit(old);
      DirCache index = DirCache.read(reader, tip.getTree());
      for (int i = 0; i < count; i++) {
        ObjectId blob =
            inserter.insert(
                Constants.OBJ_BLOB, (note + " " + i + "\n").getBytes(StandardCharsets.UTF_8));
        DirCacheEditor editor = index.editor();
        editor.add(
            new DirCacheEditor.PathEdit("NOTES.md") {
              @Override
              public void apply(DirCacheEntry entry) {
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(blob);
              }
            });
        editor.finish();
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(index.writeTree(inserter));
        c.setParentId(parent);
        c.setAuthor(WHO);
        c.setCommitter(WHO);
        c.setMessage(note + " " + i + "\n");
        parent = inserter.insert(c);
      }
      inserter.flush();
      RefUpdate update = repo.updateRef(ref);
      update.setExpectedOldObjectId(old);
      update.setNewObjectId(parent);
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.FAST_FORWARD) {
        throw new IOException("outside writer could not move " + ref + ": " + result);
      }
    }
  }
}
