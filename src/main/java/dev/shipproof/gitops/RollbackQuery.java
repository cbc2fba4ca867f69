package dev.shipproof.gitops;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which rollback to plan: where the environment lives, which files pin its images, and what to go
 * back to.
 *
 * @param url repository URL, as for {@link PublishRequest}
 * @param branch branch, without {@code refs/heads/}
 * @param environment the Environment's name, as written in {@code Shipproof-Environment}
 * @param targets every target of the environment; the rollback edits those of the image it rolls
 *     back
 * @param to what to go back to
 * @param promotionUid the rollback Promotion's uid, to find its own commit after a crash; may be
 *     null
 * @param walkLimit how many commits, counted from the tip through every parent, the search may read
 * @param access credentials and commit signing; {@link GitAccess#ANONYMOUS} when {@code null}
 * @param notBefore when the rollback Promotion was created: the search for its own commit reads
 *     past the usual depth back to this time (see {@link PublishRequest}); {@code null} when
 *     unknown
 */
public record RollbackQuery(
    String url,
    String branch,
    String environment,
    List<PublishRequest.Target> targets,
    RollbackTo to,
    String promotionUid,
    int walkLimit,
    GitAccess access,
    Instant notBefore) {

  /** Checks the parts and copies the targets. */
  public RollbackQuery {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(to, "to");
    targets = targets == null ? List.of() : List.copyOf(targets);
    access = access == null ? GitAccess.ANONYMOUS : access;
    if (walkLimit < 1) {
      throw new IllegalArgumentException("walkLimit must be positive: " + walkLimit);
    }
  }

  /** A query whose rollback's creation time is not known. */
  public RollbackQuery(
      String url,
      String branch,
      String environment,
      List<PublishRequest.Target> targets,
      RollbackTo to,
      String promotionUid,
      int walkLimit,
      GitAccess access) {
    this(url, branch, environment, targets, to, promotionUid, walkLimit, access, null);
  }

  /** A query with anonymous, unsigned access. */
  public RollbackQuery(
      String url,
      String branch,
      String environment,
      List<PublishRequest.Target> targets,
      RollbackTo to,
      String promotionUid,
      int walkLimit) {
    this(url, branch, environment, targets, to, promotionUid, walkLimit, null);
  }
}
