package dev.shipproof.gitops;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule a write checks on the exact tip it is about to commit on, after its last fetch: the
 * environment's Shipproof commits at that tip, newest first, may still say no. The quarantine uses
 * it, because a rollback can land between the check made before verification and the push (pushed
 * by the CLI, another operator deployment or a person), and the write must not undo it.
 *
 * @param environment the Environment whose commits the rule reads (their {@code
 *     Shipproof-Environment} trailer)
 * @param limit commits read back from the tip, through every parent, newest committer time first
 * @param check the rule; a refusal is final and nothing is committed
 */
public record TipGuard(String environment, int limit, Check check) {

  /** The rule over the commits of one environment at the tip. */
  @FunctionalInterface
  public interface Check {
    /**
     * @param newestFirst the environment's Shipproof commits among the {@code limit} newest commits
     *     reachable from the tip (every parent)
     * @return why the write must not land on this tip, or empty when it may
     */
    Optional<PublishOutcome.Refused> atTip(List<HistoryEntry> newestFirst);
  }

  /** Checks the parts. */
  public TipGuard {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(check, "check");
    if (limit < 1) {
      throw new IllegalArgumentException("a tip guard reads at least one commit");
    }
  }
}
