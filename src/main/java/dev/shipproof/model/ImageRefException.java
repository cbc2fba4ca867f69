package dev.shipproof.model;

/** A reference that cannot be used, with the status reason that says why. */
public class ImageRefException extends IllegalArgumentException {
  private final String reason;

  public ImageRefException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** {@code InvalidReference} or {@code DigestRequired}. */
  public String reason() {
    return reason;
  }
}
