package dev.shipproof.gitops;

/** Internal flow control for an expected "no" while editing; becomes {@link EditResult.Refused}. */
final class EditRefusal extends Exception {
  private static final long serialVersionUID = 1L;

  private final String reason;

  EditRefusal(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
