package dev.shipproof.gitops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Points the index entries of a few paths at new blobs, leaving every other entry as it is: the
 * index part of moving or committing a handful of files without reading the whole work tree.
 */
final class IndexEdits {
  private IndexEdits() {}

  /**
   * For each path, its entry becomes a regular file with that blob and the size and time of the
   * work-tree file already written there; a {@code null} blob removes the entry.
   */
  static void apply(Repository repo, Map<String, ObjectId> blobs) throws IOException {
    Path root = repo.getWorkTree().toPath();
    DirCache index = repo.lockDirCache();
    try {
      DirCacheEditor editor = index.editor();
      for (Map.Entry<String, ObjectId> e : blobs.entrySet()) {
        if (e.getValue() == null) {
          editor.add(new DirCacheEditor.DeletePath(e.getKey()));
          continue;
        }
        Path file = root.resolve(e.getKey());
        long length = Files.size(file);
        var modified = Files.getLastModifiedTime(file).toInstant();
        ObjectId blob = e.getValue();
        editor.add(
            new DirCacheEditor.PathEdit(e.getKey()) {
              @Override
              public void apply(DirCacheEntry entry) {
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(blob);
                entry.setLength(length);
                entry.setLastModified(modified);
              }
            });
      }
      editor.finish();
      index.write();
      if (!index.commit()) {
        throw new IOException("could not write the index");
      }
    } finally {
      index.unlock();
    }
  }
}
