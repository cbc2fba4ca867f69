package dev.shipproof.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Registry credentials as Docker config JSON (the {@code .dockerconfigjson} of a {@code
 * kubernetes.io/dockerconfigjson} Secret). Each registry host gets only the entry for that host
 * ({@link DockerConfigCredentials}), so one Secret can hold several registries without any of them
 * seeing another's password. Never printed: {@link #toString} names only a fingerprint.
 */
public final class RegistryCredentials {
  private final String dockerConfigJson;
  private final String fingerprint;

  private RegistryCredentials(String dockerConfigJson) {
    this.dockerConfigJson = dockerConfigJson;
    this.fingerprint = sha256(dockerConfigJson).substring(0, 12);
  }

  /**
   * Checks the shape (a JSON object with an {@code auths} object) and keeps the text.
   *
   * @throws IllegalArgumentException when it is not Docker config JSON; the message never quotes it
   */
  public static RegistryCredentials fromDockerConfigJson(String dockerConfigJson) {
    Objects.requireNonNull(dockerConfigJson, "dockerConfigJson");
    JsonNode auths =
        OciJson.parse(dockerConfigJson.getBytes(StandardCharsets.UTF_8))
            .map(config -> config.get("auths"))
            .orElse(null);
    if (auths == null || !auths.isObject()) {
      throw new IllegalArgumentException("not Docker config JSON with an \"auths\" object");
    }
    // A malformed entry is found now, not when a promotion first reads from that host.
    auths
        .fieldNames()
        .forEachRemaining(
            host ->
                DockerConfigCredentials.apply(RegistryAccess.defaults(), dockerConfigJson, host));
    return new RegistryCredentials(dockerConfigJson);
  }

  /**
   * {@code base} with the credentials held for {@code host}, or {@code base} unchanged when there
   * are none for it.
   *
   * @throws IllegalArgumentException when the entry for the host is malformed
   */
  public RegistryAccess accessFor(RegistryAccess base, String host) {
    return DockerConfigCredentials.apply(base, dockerConfigJson, host);
  }

  /** A short hash of the content: equal credentials share it, and it reveals nothing. */
  public String fingerprint() {
    return fingerprint;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RegistryCredentials that
        && dockerConfigJson.equals(that.dockerConfigJson);
  }

  @Override
  public int hashCode() {
    return dockerConfigJson.hashCode();
  }

  /** The fingerprint only. */
  @Override
  public String toString() {
    return "RegistryCredentials[" + fingerprint + "]";
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
