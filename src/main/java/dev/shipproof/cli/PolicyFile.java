package dev.shipproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipproof.api.v1alpha1.PolicySpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A policy file in the shape of {@code Environment.spec.policy} (YAML or JSON), read with the same
 * fabric8 Jackson mapping the operator reads Environments with. One addition for files: {@code
 * trustedRoot} may be a path (relative to the policy file) instead of a ConfigMap reference, as the
 * evidence fixtures' {@code policy.yaml} writes it.
 *
 * @param policy the policy
 * @param trustedRoot the trusted root file the policy names, if it names one by path
 * @param configMapRoot whether it names a ConfigMap instead, which a command line cannot read
 */
record PolicyFile(PolicySpec policy, Optional<Path> trustedRoot, boolean configMapRoot) {
  /** Policy files are small; anything bigger is not one. */
  static final long MAX_BYTES = 1024 * 1024;

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * Reads and maps a policy file.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a policy; the message says why
   */
  static PolicyFile read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IllegalArgumentException("is over " + MAX_BYTES + " bytes; not a policy file");
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    JsonNode tree;
    try {
      tree = SERIALIZATION.unmarshal(text, JsonNode.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("is not YAML or JSON: " + firstLine(e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("is not a mapping in the shape of spec.policy");
    }
    ObjectNode object = (ObjectNode) tree;
    Optional<Path> rootFile = Optional.empty();
    boolean configMap = false;
    JsonNode root = object.get("trustedRoot");
    if (root != null && root.isTextual()) {
      Path dir = file.toAbsolutePath().getParent();
      rootFile = Optional.of(dir.resolve(root.asText()));
      object.remove("trustedRoot");
    } else if (root != null && root.isObject()) {
      configMap = true;
    }
    try {
      return new PolicyFile(
          SERIALIZATION.convertValue(object, PolicySpec.class), rootFile, configMap);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "does not have the shape of spec.policy: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
