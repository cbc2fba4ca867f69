package dev.shipproof.gitops;

import java.util.List;
import java.util.Optional;

/**
 * Reads the history of an environment's branch, for decisions that depend on what landed before
 * (the upstream gate, rollbacks, {@code shipproof history}). Read-only: never pushes.
 */
public interface GitHistory {

  /**
   * The newest commits of {@code branch}, newest first, through every parent (a promotion or a
   * revert may have reached the branch as a merge's second parent), never a commit before one of
   * its descendants.
   *
   * @param url repository URL, as for {@link PublishRequest#url()}
   * @param branch branch name without {@code refs/heads/}
   * @param depth at most this many commits
   * @return the commits; empty when the branch does not exist
   * @throws GitException when the repository cannot be read; retry later
   */
  default List<HistoryCommit> read(String url, String branch, int depth) throws GitException {
    return read(url, branch, GitAccess.ANONYMOUS, depth);
  }

  /**
   * {@link #read(String, String, int)} reaching the remote with {@code access}: the credentials of
   * the Environment whose branch is read (the upstream's own, never the reader's).
   */
  List<HistoryCommit> read(String url, String branch, GitAccess access, int depth)
      throws GitException;

  /**
   * One commit by SHA, when it is in {@code branch}'s history (at any depth, through any parent) as
   * last fetched by {@link #read}; empty otherwise.
   *
   * @param sha a full SHA-1
   */
  Optional<HistoryCommit> onBranch(String url, String branch, String sha) throws GitException;
}
