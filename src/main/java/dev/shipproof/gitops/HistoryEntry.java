package dev.shipproof.gitops;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * One Shipproof commit of a branch, read back from its trailers: a forward promotion, or a rollback
 * when {@link #revertOf()} is not empty.
 *
 * @param commit full SHA-1
 * @param time committer time
 * @param author author name
 * @param subject first line of the message
 * @param reason the paragraph between subject and trailers, or empty
 * @param promotion {@code namespace/name} of the Promotion
 * @param promotionUid the Promotion's uid, or empty
 * @param environment the Environment's name
 * @param image the image name as the promotion wrote it
 * @param digest the digest the commit pinned
 * @param evidence the one-line evidence summary
 * @param revertOf on a rollback, the commits it reverted or superseded, newest first
 * @param rejectedDigest on a rollback, the digest it rolled away from; else {@code null}
 * @param override the recorded reason for bypassing a quarantine, or {@code null}
 */
public record HistoryEntry(
    String commit,
    Instant time,
    String author,
    String subject,
    String reason,
    String promotion,
    String promotionUid,
    String environment,
    String image,
    String digest,
    String evidence,
    List<String> revertOf,
    String rejectedDigest,
    String override) {

  /** Copies the list. */
  public HistoryEntry {
    revertOf = List.copyOf(revertOf);
  }

  /**
   * The Shipproof record of a commit, or empty when its last paragraph lacks the {@code
   * Shipproof-Environment}, {@code Shipproof-Image} or {@code Shipproof-Digest} trailer (a commit
   * made by hand, or by another tool).
   */
  public static Optional<HistoryEntry> of(RevCommit c) {
    String message = c.getFullMessage();
    Map<String, String> t = CommitMessage.trailers(message);
    String env = t.get(CommitMessage.ENVIRONMENT);
    String image = t.get(CommitMessage.IMAGE);
    String digest = t.get(CommitMessage.DIGEST);
    if (env == null || image == null || digest == null) {
      return Optional.empty();
    }
    String promotion = t.getOrDefault(CommitMessage.PROMOTION, "");
    String[] words = promotion.strip().split("\\s+");
    String revert = t.get(CommitMessage.REVERT_OF);
    List<String> revertOf =
        revert == null || revert.isBlank()
            ? List.of()
            : Arrays.stream(revert.strip().split("\\s+")).toList();
    return Optional.of(
        new HistoryEntry(
            c.getName(),
            c.getCommitterIdent().getWhenAsInstant(),
            c.getAuthorIdent().getName(),
            c.getShortMessage(),
            reason(message),
            words[0],
            words.length > 1 ? words[words.length - 1] : "",
            env,
            image,
            digest,
            t.getOrDefault(CommitMessage.EVIDENCE, ""),
            revertOf,
            t.get(CommitMessage.REJECTED_DIGEST),
            t.get(CommitMessage.OVERRIDE)));
  }

  /** True for a rollback commit. */
  public boolean isRollback() {
    return !revertOf.isEmpty();
  }

  /** The first twelve characters of the commit, as people quote it. */
  public String shortCommit() {
    return commit.substring(0, Math.min(12, commit.length()));
  }

  /** The paragraphs between the subject and the trailer paragraph, joined by blank lines. */
  private static String reason(String message) {
    String[] paragraphs = message.replace("\r\n", "\n").strip().split("\n\\s*\n");
    if (paragraphs.length < 3) {
      return "";
    }
    return String.join("\n\n", Arrays.asList(paragraphs).subList(1, paragraphs.length - 1)).strip();
  }
}
