package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.model.ImageRef;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a fresh Promotion status from the previous one. All condition bookkeeping lives here: a
 * condition's {@code lastTransitionTime} moves only when its status flips, messages are capped, and
 * every condition carries the generation it describes.
 */
public final class StatusBuilder {
  /** Kubernetes rejects very long condition messages; keep well inside the limit. */
  static final int MAX_MESSAGE = 32 * 1024;

  private final PromotionStatus previous;
  private final long generation;
  private final Clock clock;
  private final PromotionStatus next = new PromotionStatus();

  private StatusBuilder(PromotionStatus previous, long generation, Clock clock) {
    this.previous = previous == null ? new PromotionStatus() : previous;
    this.generation = generation;
    this.clock = clock;
    next.setObservedGeneration(generation);
    next.setDigest(this.previous.getDigest());
    next.setShortDigest(this.previous.getShortDigest());
    next.setCommit(this.previous.getCommit());
    next.setShortCommit(this.previous.getShortCommit());
    next.setEvidence(new ArrayList<>(this.previous.getEvidence()));
    next.setConditions(new ArrayList<>());
    next.setPhase(this.previous.getPhase());
    next.setMessage(this.previous.getMessage());
    next.setRevertOf(this.previous.getRevertOf());
  }

  /** Starts from the status the resource has now (may be null) for the given generation. */
  public static StatusBuilder from(PromotionStatus previous, long generation, Clock clock) {
    return new StatusBuilder(previous, generation, clock);
  }

  public StatusBuilder phase(Phase phase, String message) {
    next.setPhase(phase);
    next.setMessage(cap(message));
    return this;
  }

  public StatusBuilder digest(String digest) {
    next.setDigest(digest);
    next.setShortDigest(digest == null ? null : ImageRef.shortDigest(digest));
    return this;
  }

  public StatusBuilder commit(String commit) {
    next.setCommit(commit);
    next.setShortCommit(commit == null ? null : commit.substring(0, Math.min(12, commit.length())));
    return this;
  }

  /**
   * For a rollback: the commits it reverted or superseded, space-separated; null or empty: none.
   */
  public StatusBuilder revertOf(String commits) {
    next.setRevertOf(commits == null || commits.isBlank() ? null : commits);
    return this;
  }

  public StatusBuilder evidence(List<EvidenceRecord> evidence) {
    next.setEvidence(new ArrayList<>(evidence));
    return this;
  }

  /** Sets a condition; the previous transition time is kept when the status did not change. */
  public StatusBuilder condition(String type, Boolean status, String reason, String message) {
    String value = status == null ? "Unknown" : status ? "True" : "False";
    Condition old = find(previous.getConditions(), type);
    String transition =
        old != null && value.equals(old.getStatus()) && old.getLastTransitionTime() != null
            ? old.getLastTransitionTime()
            : DateTimeFormatter.ISO_INSTANT.format(
                Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
    next.getConditions().removeIf(c -> c.getType().equals(type));
    next.getConditions()
        .add(
            new ConditionBuilder()
                .withType(type)
                .withStatus(value)
                .withReason(reason)
                .withMessage(cap(message))
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition)
                .build());
    return this;
  }

  /** The finished status. */
  public PromotionStatus build() {
    return next;
  }

  /**
   * Whether writing {@code candidate} would change anything the user can see compared with {@code
   * current}; used to avoid status patches (and watch events) that carry no news.
   */
  public static boolean differs(PromotionStatus current, PromotionStatus candidate) {
    if (current == null) {
      return candidate != null;
    }
    return !Objects.equals(current.getPhase(), candidate.getPhase())
        || !Objects.equals(current.getMessage(), candidate.getMessage())
        || !Objects.equals(current.getDigest(), candidate.getDigest())
        || !Objects.equals(current.getCommit(), candidate.getCommit())
        || !Objects.equals(current.getRevertOf(), candidate.getRevertOf())
        || !Objects.equals(current.getObservedGeneration(), candidate.getObservedGeneration())
        || !Objects.equals(current.getEvidence(), candidate.getEvidence())
        || !Objects.equals(current.getConditions(), candidate.getConditions());
  }

  private static Condition find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  static String cap(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE - 15) + " … (truncated)";
  }
}
