package dev.shipproof.promote;

/**
 * The operator could not decide because something outside it is unavailable (environment not
 * created yet, registry or git down). The promotion is retried with backoff.
 */
public class PromotionOutage extends Exception {
  private final String reason;

  public PromotionOutage(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public PromotionOutage(String reason, String message) {
    this(reason, message, null);
  }

  /** A constant of {@link dev.shipproof.api.v1alpha1.Reasons}. */
  public String reason() {
    return reason;
  }
}
