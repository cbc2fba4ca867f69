package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.RejectedDigest;
import dev.shipproof.gitops.GitAccess;
import dev.shipproof.gitops.GitException;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.gitops.RollbackWorkspace;
import java.util.List;

/**
 * The quarantine of one environment as its branch's trailers record it, read once on first use.
 * Reads at most the configured number of commits, through every parent; a rejection older than that
 * is not seen (the operator's Environment status keeps it regardless).
 */
public final class GitQuarantineLedger implements QuarantineLedger {
  private final RollbackWorkspace git;
  private final String url;
  private final String branch;
  private final String environment;
  private final int limit;
  private final GitAccess access;
  private List<RejectedDigest> rejected;
  private RollbackWorkspace.History history;

  /**
   * @param git reads the branch
   * @param environmentName the Environment's name, as its commits' trailers carry it
   * @param env its spec (repository and branch)
   * @param limit how many commits to read from the tip
   */
  public GitQuarantineLedger(
      RollbackWorkspace git, String environmentName, EnvironmentSpec env, int limit) {
    this(git, environmentName, env, limit, GitAccess.ANONYMOUS);
  }

  /**
   * A ledger reading the branch with {@code access}.
   *
   * @param access credentials for the environment's repository
   */
  public GitQuarantineLedger(
      RollbackWorkspace git,
      String environmentName,
      EnvironmentSpec env,
      int limit,
      GitAccess access) {
    this.git = git;
    this.access = access;
    this.url = env.getGit().getUrl();
    this.branch = env.getGit().getBranch();
    this.environment = environmentName;
    this.limit = limit;
  }

  @Override
  public synchronized List<RejectedDigest> rejected() throws PromotionOutage {
    if (rejected == null && JgitWorkspace.invalidLocation(url, branch).isPresent()) {
      // Nothing can be read, and the publish refuses the environment with InvalidEnvironment.
      rejected = List.of();
    }
    if (rejected == null) {
      try {
        history = git.history(url, branch, access, environment, limit);
      } catch (GitException e) {
        throw GitFailures.outage(e, "reading the quarantine from git: ");
      }
      rejected = QuarantineLedger.rebuild(history.entries());
    }
    return rejected;
  }

  /** The history read for the ledger, or {@code null} before the first {@link #rejected()}. */
  public synchronized RollbackWorkspace.History history() {
    return history;
  }
}
