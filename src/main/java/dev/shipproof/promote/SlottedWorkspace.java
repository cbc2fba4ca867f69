package dev.shipproof.promote;

import dev.shipproof.gitops.GitAccess;
import dev.shipproof.gitops.GitException;
import dev.shipproof.gitops.GitWorkspace;
import dev.shipproof.gitops.PublishOutcome;
import dev.shipproof.gitops.PublishRequest;
import dev.shipproof.gitops.RollbackPlan;
import dev.shipproof.gitops.RollbackQuery;
import dev.shipproof.gitops.RollbackWorkspace;

/**
 * A git workspace whose writes (publishes and rollbacks) each wait for a {@link RepoSlots} slot;
 * reads (rollback plans, history) go straight through.
 */
public final class SlottedWorkspace implements GitWorkspace, RollbackWorkspace {
  private final GitWorkspace git;
  private final RollbackWorkspace rollbacks;
  private final RepoSlots slots;

  /**
   * @param git the workspace that does the work; its rollbacks are offered when it implements
   *     {@link RollbackWorkspace}
   */
  public SlottedWorkspace(GitWorkspace git, RepoSlots slots) {
    this.git = git;
    this.rollbacks = git instanceof RollbackWorkspace r ? r : null;
    this.slots = slots;
  }

  @Override
  public PublishOutcome publish(PublishRequest request) throws GitException {
    return inSlot(request.url(), request.branch(), () -> git.publish(request));
  }

  @Override
  public RollbackPlan plan(RollbackQuery query) throws GitException {
    return rollbacks().plan(query);
  }

  @Override
  public PublishOutcome rollBack(
      RollbackQuery query, RollbackPlan.Ready plan, boolean pin, PublishRequest write)
      throws GitException {
    return inSlot(query.url(), query.branch(), () -> rollbacks().rollBack(query, plan, pin, write));
  }

  @Override
  public History history(String url, String branch, GitAccess access, String environment, int limit)
      throws GitException {
    return rollbacks().history(url, branch, access, environment, limit);
  }

  private PublishOutcome inSlot(
      String url, String branch, RepoSlots.Work<PublishOutcome, GitException> write)
      throws GitException {
    try {
      return slots.run(url + "\n" + branch, write);
    } catch (InterruptedException e) {
      // Only at shutdown: nothing was written, and the next operator runs the promotion again.
      Thread.currentThread().interrupt();
      throw new GitException("interrupted while waiting for a git write slot", null);
    }
  }

  private RollbackWorkspace rollbacks() {
    if (rollbacks == null) {
      throw new UnsupportedOperationException(git.getClass().getSimpleName() + " has no rollbacks");
    }
    return rollbacks;
  }
}
