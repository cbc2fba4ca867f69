package dev.shipproof.gitops;

import dev.shipproof.model.ImageRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds and reads promotion commit messages: a subject, the user's reason as one paragraph, and a
 * final paragraph of {@code Shipproof-*} trailers. Git and JGit read trailers only from the last
 * paragraph, which is always ours; the reason can therefore never add a trailer, and every trailer
 * value is forced onto one line.
 */
public final class CommitMessage {
  /** Names the Promotion: {@code namespace/name uid}. */
  public static final String PROMOTION = "Shipproof-Promotion";

  /** The Environment's name. */
  public static final String ENVIRONMENT = "Shipproof-Environment";

  /** The image name as written, without tag or digest. */
  public static final String IMAGE = "Shipproof-Image";

  /** The full pinned digest, {@code sha256:<64 hex>}. */
  public static final String DIGEST = "Shipproof-Digest";

  /** A one-line summary of the evidence that verified. */
  public static final String EVIDENCE = "Shipproof-Evidence";

  /** On a rollback: the full SHA-1s of the commits it reverts or supersedes, newest first. */
  public static final String REVERT_OF = "Shipproof-Revert-Of";

  /** On a rollback: the digest rolled away from, which is quarantined from then on. */
  public static final String REJECTED_DIGEST = "Shipproof-Rejected-Digest";

  /** Why a quarantine was bypassed; an override lifts the digest's quarantine. */
  public static final String OVERRIDE = "Shipproof-Override";

  /** Long reasons are cut: the commit is a record, not a place for incident reports. */
  static final int MAX_REASON_CHARS = 4000;

  static final int MAX_TRAILER_CHARS = 1000;

  private static final Pattern TRAILER = Pattern.compile("([A-Za-z0-9][A-Za-z0-9-]*):[ \\t]*(.*)");

  private static final Pattern OUR_KEY = Pattern.compile("(?i)shipproof-[A-Za-z0-9-]*\\s*:");

  // Everything that is not printable on one line: C0/C1 controls, DEL, line and paragraph
  // separators, and bidirectional overrides that could make a log line read differently.
  private static final Pattern UNSAFE =
      Pattern.compile("[\\p{Cc}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]");

  private CommitMessage() {}

  /** The full commit message for a promotion, ending with a newline. */
  public static String build(PromotionInfo info) {
    return build(info, Extras.NONE);
  }

  /**
   * The full commit message for a promotion or rollback, ending with a newline: the design's
   * trailers followed by those of {@code extras} that are set.
   */
  public static String build(PromotionInfo info, Extras extras) {
    StringBuilder out = new StringBuilder();
    if (extras.revertOf().isEmpty()) {
      out.append("promote ")
          .append(oneLine(lastSegment(info.image().repository())))
          .append(" to ")
          .append(oneLine(info.environment()))
          .append(": ")
          .append(info.image().shortDigest());
    } else {
      out.append("roll back ")
          .append(oneLine(lastSegment(info.image().repository())))
          .append(" in ")
          .append(oneLine(info.environment()))
          .append(" to ")
          .append(info.image().shortDigest());
      if (extras.rejectedDigest() != null) {
        out.append(" (from ")
            .append(ImageRef.shortDigest(oneLine(extras.rejectedDigest())))
            .append(')');
      }
    }
    out.append("\n\n");
    String reason = reason(info.reason());
    if (!reason.isEmpty()) {
      out.append(reason).append("\n\n");
    }
    trailer(out, PROMOTION, info.namespace() + "/" + info.promotionName() + " " + info.uid());
    trailer(out, ENVIRONMENT, info.environment());
    trailer(out, IMAGE, info.image().name());
    trailer(out, DIGEST, info.image().digest());
    trailer(out, EVIDENCE, info.evidenceSummary());
    if (!extras.revertOf().isEmpty()) {
      trailer(out, REVERT_OF, String.join(" ", extras.revertOf()));
    }
    if (extras.rejectedDigest() != null) {
      trailer(out, REJECTED_DIGEST, extras.rejectedDigest());
    }
    if (extras.override() != null && !extras.override().isBlank()) {
      trailer(out, OVERRIDE, extras.override());
    }
    return out.toString();
  }

  /**
   * Trailers beyond the design's five.
   *
   * @param revertOf the commits a rollback reverts or supersedes, newest first; empty for a forward
   *     promotion
   * @param rejectedDigest the digest a rollback rolls away from, or {@code null}
   * @param override the reason a quarantine is bypassed, or {@code null}
   */
  public record Extras(List<String> revertOf, String rejectedDigest, String override) {
    /** A forward promotion without override. */
    public static final Extras NONE = new Extras(List.of(), null, null);

    /** Copies the list; {@code null} means empty. */
    public Extras {
      revertOf = revertOf == null ? List.of() : List.copyOf(revertOf);
    }
  }

  /**
   * {@code message} (as built by {@link #build}) with one more trailer at its end, the value forced
   * onto one line. Adds nothing when the message already carries that trailer with that value, so
   * two steps recording the same override write it once.
   */
  public static String withTrailer(String message, String key, String value) {
    String clean = oneLine(value == null ? "" : value);
    if (clean.equals(trailers(message).get(key))) {
      return message;
    }
    StringBuilder out = new StringBuilder(message);
    if (!message.endsWith("\n")) {
      out.append('\n');
    }
    trailer(out, key, clean);
    return out.toString();
  }

  /**
   * Reads the trailers of a commit message: the {@code Key: value} lines of its last paragraph, in
   * order. When a key repeats, the first value wins. Lines of that paragraph that are not trailers
   * are ignored.
   */
  public static Map<String, String> trailers(String message) {
    List<String> lines = new ArrayList<>(List.of(message.replace("\r\n", "\n").split("\n", -1)));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    int start = lines.size();
    while (start > 0 && !lines.get(start - 1).isBlank()) {
      start--;
    }
    if (start == 0) {
      // One paragraph only: that is the subject, never trailers.
      return Map.of();
    }
    Map<String, String> trailers = new LinkedHashMap<>();
    for (String line : lines.subList(start, lines.size())) {
      Matcher m = TRAILER.matcher(line);
      if (m.matches()) {
        trailers.putIfAbsent(m.group(1), m.group(2).strip());
      }
    }
    return trailers;
  }

  /** The reason as one paragraph: no control characters, no blank lines, bounded length. */
  static String reason(String raw) {
    if (raw == null) {
      return "";
    }
    String text = raw.replace("\r\n", "\n").replace('\r', '\n');
    if (text.length() > MAX_REASON_CHARS) {
      text = text.substring(0, MAX_REASON_CHARS) + "…";
    }
    List<String> kept = new ArrayList<>();
    for (String line : text.split("\n")) {
      String clean = UNSAFE.matcher(line).replaceAll(" ").strip();
      if (clean.isEmpty()) {
        continue;
      }
      // Quote what a trailer reader could mistake for ours, or for git's patch divider (after
      // which git stops reading the message and might take this paragraph as the last one).
      kept.add(
          clean.startsWith("---") || OUR_KEY.matcher(clean).lookingAt() ? "> " + clean : clean);
    }
    return String.join("\n", kept);
  }

  /** A value on one line: unsafe characters become spaces, runs of spaces collapse. */
  static String oneLine(String raw) {
    String clean = UNSAFE.matcher(raw).replaceAll(" ").replaceAll("\\s+", " ").strip();
    if (clean.length() > MAX_TRAILER_CHARS) {
      clean = clean.substring(0, MAX_TRAILER_CHARS) + "…";
    }
    return clean.isEmpty() ? "-" : clean;
  }

  private static void trailer(StringBuilder out, String key, String value) {
    out.append(key).append(": ").append(oneLine(value)).append('\n');
  }

  private static String lastSegment(String repository) {
    return repository.substring(repository.lastIndexOf('/') + 1);
  }
}
