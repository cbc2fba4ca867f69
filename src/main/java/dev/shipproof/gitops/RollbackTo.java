package dev.shipproof.gitops;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** What a rollback goes back to: {@code spec.rollback.to}. */
public sealed interface RollbackTo {
  /** The digest the current pin replaced. */
  record Previous() implements RollbackTo {}

  /**
   * A digest some earlier Shipproof commit pinned.
   *
   * @param digest {@code sha256:<64 hex>}
   */
  record Digest(String digest) implements RollbackTo {}

  /**
   * The digest a Shipproof commit pinned.
   *
   * @param sha the commit, 7 to 40 hex digits
   */
  record Commit(String sha) implements RollbackTo {}

  /** The forms {@link #parse} accepts, for refusal messages. */
  String FORMS = "previous, sha256:<64 hex> or a commit SHA (7 to 40 hex digits)";

  Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");

  /** Reads {@code spec.rollback.to}; null or blank means {@code previous}. */
  static Optional<RollbackTo> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.of(new Previous());
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("previous")) {
      return Optional.of(new Previous());
    }
    if (DIGEST.matcher(t).matches()) {
      return Optional.of(new Digest(t));
    }
    if (SHA.matcher(t).matches()) {
      return Optional.of(new Commit(t));
    }
    return Optional.empty();
  }
}
