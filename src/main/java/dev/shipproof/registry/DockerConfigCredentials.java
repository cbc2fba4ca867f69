package dev.shipproof.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds basic-auth credentials for a registry host in Docker config JSON, the content of a {@code
 * kubernetes.io/dockerconfigjson} secret ({@code {"auths": {"<host>": {"auth":
 * "base64(user:password)"}}}}, or {@code username}/{@code password} fields).
 */
public final class DockerConfigCredentials {
  private DockerConfigCredentials() {}

  /**
   * {@code base} with the credentials the config holds for {@code host}, or {@code base} unchanged
   * when it has none. Identity and registry tokens are not read.
   *
   * @throws IllegalArgumentException when the config is not JSON or its entry for the host is
   *     malformed; the message never quotes the config
   */
  public static RegistryAccess apply(RegistryAccess base, String dockerConfigJson, String host) {
    JsonNode auths =
        OciJson.parse(dockerConfigJson.getBytes(StandardCharsets.UTF_8))
            .map(config -> config.get("auths"))
            .filter(JsonNode::isObject)
            .orElseThrow(
                () -> new IllegalArgumentException("docker config JSON has no \"auths\" object"));
    return entryFor(auths, RegistryHosts.key(host))
        .map(entry -> withEntry(base, entry, host))
        .orElse(base);
  }

  private static Optional<JsonNode> entryFor(JsonNode auths, String host) {
    List<String> keys =
        host.equals("docker.io")
            ? List.of("docker.io", "https://index.docker.io/v1/", "index.docker.io")
            : List.of(host, "https://" + host, "http://" + host, "https://" + host + "/");
    for (String key : keys) {
      for (var entry : (Iterable<Map.Entry<String, JsonNode>>) auths::fields) {
        if (RegistryHosts.same(key, entry.getKey()) && entry.getValue().isObject()) {
          return Optional.of(entry.getValue());
        }
      }
    }
    return Optional.empty();
  }

  private static RegistryAccess withEntry(RegistryAccess base, JsonNode entry, String host) {
    String username = OciJson.text(entry, "username");
    String password = OciJson.text(entry, "password");
    if (username != null && password != null) {
      return base.withBasicAuth(username, password);
    }
    String auth = OciJson.text(entry, "auth");
    if (auth == null) {
      return base;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("docker config entry for " + host + " is not base64");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "docker config entry for " + host + " is not user:password");
    }
    return base.withBasicAuth(decoded.substring(0, colon), decoded.substring(colon + 1));
  }
}
