package dev.shipproof.registry;

/**
 * A registry (or image layout) could not give what was asked for. {@link #kind()} tells the caller
 * whether to retry: only {@link Kind#UNAVAILABLE} may succeed later. The message is a sentence for
 * humans and status conditions; it never carries credentials or a stack trace.
 */
public class RegistryException extends Exception {
  private final Kind kind;

  /** What went wrong, which decides whether a retry can help. */
  public enum Kind {
    /** Connection refused, timeout, TLS failure, 429 or 5xx: try again later. */
    UNAVAILABLE,
    /** The manifest (or a blob it names) is unknown to the registry: final. */
    NOT_FOUND,
    /** The registry refused our credentials, or wants some and we have none. */
    UNAUTHORIZED,
    /** The bytes received do not hash to the digest asked for: an attack, final. */
    DIGEST_MISMATCH,
    /**
     * The registry served something this operator will not process: over a size or count limit, or
     * an image manifest that is not JSON. Final.
     */
    REFUSED
  }

  public RegistryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public RegistryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Whether to retry, and how to report it. */
  public Kind kind() {
    return kind;
  }

  /** {@code true} only for {@link Kind#UNAVAILABLE}. */
  public boolean retryable() {
    return kind == Kind.UNAVAILABLE;
  }
}
