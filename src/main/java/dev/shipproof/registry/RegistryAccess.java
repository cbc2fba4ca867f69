package dev.shipproof.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How to talk to one registry host. Plain HTTP is used only when {@link #insecure} is set, which
 * the operator takes from the environment's {@code registry.insecure} or an operator setting;
 * otherwise HTTPS with the JDK's trust store.
 *
 * @param insecure use plain HTTP instead of HTTPS
 * @param username basic-auth user, or {@code null} for anonymous access (token flows included)
 * @param password basic-auth password or token, or {@code null}; never logged or printed
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param requestTimeout how long one request may take, response body included
 */
public record RegistryAccess(
    boolean insecure,
    String username,
    String password,
    Duration connectTimeout,
    Duration requestTimeout) {

  /** Connect within 10 s, finish each request within 60 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  public RegistryAccess {
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("registry username and password go together");
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
  }

  /** HTTPS, anonymous, default timeouts. */
  public static RegistryAccess defaults() {
    return new RegistryAccess(false, null, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
  }

  /** The same access over plain HTTP ({@code true}) or HTTPS ({@code false}). */
  public RegistryAccess withInsecure(boolean plainHttp) {
    return new RegistryAccess(plainHttp, username, password, connectTimeout, requestTimeout);
  }

  /** The same access with basic-auth credentials. */
  public RegistryAccess withBasicAuth(String user, String secret) {
    return new RegistryAccess(insecure, user, secret, connectTimeout, requestTimeout);
  }

  /** The same access with other timeouts. */
  public RegistryAccess withTimeouts(Duration connect, Duration request) {
    return new RegistryAccess(insecure, username, password, connect, request);
  }

  /** Whether credentials are configured. */
  public boolean hasCredentials() {
    return username != null;
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "RegistryAccess[insecure="
        + insecure
        + ", username="
        + (username == null ? "none" : username)
        + ", password="
        + (password == null ? "none" : "***")
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }
}
