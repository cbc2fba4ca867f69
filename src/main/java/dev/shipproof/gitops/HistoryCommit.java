package dev.shipproof.gitops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One commit of a branch as the history reader sees it.
 *
 * @param sha full SHA-1
 * @param committed the committer time
 * @param parents the parents' full SHA-1s
 * @param trailers the {@code Key: value} trailers of the message ({@link CommitMessage#trailers})
 */
public record HistoryCommit(
    String sha, Instant committed, List<String> parents, Map<String, String> trailers) {

  /** Checks the parts and copies the collections. */
  public HistoryCommit {
    Objects.requireNonNull(sha, "sha");
    Objects.requireNonNull(committed, "committed");
    parents = List.copyOf(parents);
    trailers = Map.copyOf(trailers);
  }

  /** A trailer's value, or {@code null}. */
  public String trailer(String key) {
    return trailers.get(key);
  }

  /** Whether this is a Shipproof commit for {@code environment} (its trailer names it). */
  public boolean isShipproofCommitFor(String environment) {
    return environment.equals(trailer(CommitMessage.ENVIRONMENT));
  }

  /** The first 12 hex digits, for messages. */
  public String shortSha() {
    return sha.substring(0, Math.min(12, sha.length()));
  }
}
