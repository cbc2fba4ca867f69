package dev.shipproof.gitops;

/**
 * Reads an environment's promotion history from its git branch and rolls it back. Reads and writes
 * go through the same working clones and per-branch lock as {@link GitWorkspace}.
 */
public interface RollbackWorkspace {

  /**
   * Fetches the branch and plans the rollback on its tip. Walks history from the tip through every
   * parent, newest commit first, and stops as soon as it has what it needs, never past {@link
   * RollbackQuery#walkLimit()} commits.
   *
   * @throws GitException when the remote or the clone cannot be used; retry later
   */
  RollbackPlan plan(RollbackQuery query) throws GitException;

  /**
   * Fetches again, checks that the plan still holds on the new tip, and writes it: with {@code pin}
   * false, a {@code git revert} of the plan's commits squashed into one commit; with {@code pin}
   * true, a forward commit that pins the target digest. The commit carries {@code write.message()};
   * it is pushed without force, retrying a bounded number of times on a non-fast-forward.
   *
   * @return {@link PublishOutcome.Pushed}; {@link PublishOutcome.AlreadyLanded} when this
   *     rollback's commit is already there; {@link PublishOutcome.Refused} with {@code
   *     RevertConflict} naming the later commits that touched the same files, or another reason
   *     when the branch changed so that the plan no longer applies; {@link PublishOutcome.Rejected}
   *     when the remote refuses the push
   * @throws GitException when the remote or clone cannot be used, the branch kept moving, or a new
   *     pin of the image landed since the plan (plan and verify again)
   */
  PublishOutcome rollBack(
      RollbackQuery query, RollbackPlan.Ready plan, boolean pin, PublishRequest write)
      throws GitException;

  /**
   * The Shipproof commits of the branch, newest first, reading at most {@code limit} commits from
   * the tip through every parent.
   *
   * @param environment only commits of this environment; {@code null} for all
   * @return the entries; none when the branch does not exist
   * @throws GitException when the URL or branch is invalid, or the remote or the clone cannot be
   *     used
   */
  default History history(String url, String branch, String environment, int limit)
      throws GitException {
    return history(url, branch, GitAccess.ANONYMOUS, environment, limit);
  }

  /** {@link #history(String, String, String, int)} reaching the remote with {@code access}. */
  History history(String url, String branch, GitAccess access, String environment, int limit)
      throws GitException;

  /**
   * A stretch of history.
   *
   * @param entries Shipproof commits, newest first
   * @param truncated true when the walk stopped at its limit before the first commit
   * @param commitsRead how many commits were read
   */
  record History(java.util.List<HistoryEntry> entries, boolean truncated, int commitsRead) {
    /** Copies the list. */
    public History {
      entries = java.util.List.copyOf(entries);
    }
  }
}
