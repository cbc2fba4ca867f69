package dev.shipproof.evidence;

/** A Sigstore trusted root that cannot be read or used; the message says what is wrong. */
public class TrustRootException extends IllegalArgumentException {

  /** A trusted root problem with a cause kept for debugging. */
  public TrustRootException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A trusted root problem. */
  public TrustRootException(String message) {
    super(message);
  }
}
