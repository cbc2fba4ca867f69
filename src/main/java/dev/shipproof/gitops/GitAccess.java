package dev.shipproof.gitops;

import java.util.Objects;

/**
 * How one environment reaches its repository: the credentials for fetch and push, and how its
 * commits are signed. Carried by each request rather than looked up by URL, so an Environment can
 * never borrow the credentials another namespace gave for the same repository.
 *
 * @param credentials for fetch and push
 * @param signing for promotion and rollback commits
 */
public record GitAccess(GitCredentials credentials, CommitSigning signing) {

  /** Anonymous, unsigned. */
  public static final GitAccess ANONYMOUS = new GitAccess(GitCredentials.NONE, CommitSigning.NONE);

  /** Fills {@code null} parts with none. */
  public GitAccess {
    credentials = Objects.requireNonNullElse(credentials, GitCredentials.NONE);
    signing = Objects.requireNonNullElse(signing, CommitSigning.NONE);
  }
}
