package dev.shipproof.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.RollbackSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What {@code kubectl} sees of the CRDs under crds/ (CrdsUpToDateIT keeps them equal to a fresh
 * generation): printer columns, short names, the status subresource and the validation rules.
 */
class CrdSchemaTest {
  static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  @Test
  void promotionsPrintEnvironmentDigestPhaseCommitAndAge() throws IOException {
    Map<String, Object> version = version("promotions");

    assertThat(columns(version))
        .containsExactlyInAnyOrder(
            "Environment .spec.environment string",
            "Digest .status.shortDigest string",
            "Phase .status.phase string",
            "Commit .status.shortCommit string",
            "Age .metadata.creationTimestamp date");
  }

  @Test
  void environmentsPrintCurrentDigestLastPromotionQuarantinedAndAge() throws IOException {
    Map<String, Object> version = version("environments");

    assertThat(columns(version))
        .containsExactlyInAnyOrder(
            "Digest .status.shortDigest string",
            "Last Promotion .status.lastPromotion string",
            "Quarantined .status.quarantined integer",
            "Age .metadata.creationTimestamp date");
    assertThat(
            (Object)
                at(
                    version,
                    "schema.openAPIV3Schema.properties.status.properties" + ".quarantined.type"))
        .isEqualTo("integer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"promotions", "environments"})
  void statusIsASubresourceSoOnlyTheOperatorWritesIt(String plural) throws IOException {
    assertThat((Object) at(version(plural), "subresources.status")).isEqualTo(Map.of());
  }

  @Test
  void shortNamesArePromoAndSpenv() throws IOException {
    assertThat((List<Object>) at(crd("promotions"), "spec.names.shortNames"))
        .containsExactly("promo");
    assertThat((List<Object>) at(crd("environments"), "spec.names.shortNames"))
        .containsExactly("spenv");
  }

  @Test
  void promotionSpecIsImmutableAndNamesExactlyOneOfImageOrRollback() throws IOException {
    List<Map<String, Object>> rules =
        at(
            version("promotions"),
            "schema.openAPIV3Schema.properties.spec.x-kubernetes-validations");

    assertThat(rules)
        .extracting(r -> r.get("rule"))
        .containsExactlyInAnyOrder("self == oldSelf", "has(self.image) != has(self.rollback)");
    assertThat(rules).allSatisfy(r -> assertThat((String) r.get("message")).isNotBlank());
  }

  @Test
  void imageMustBeByDigest() throws IOException {
    Pattern image = Pattern.compile(specPattern("image"));

    assertThat(specPattern("image")).isEqualTo(PromotionSpec.IMAGE_BY_DIGEST);
    assertThat(image.matcher("registry.example.com/payments/api@" + DIGEST).matches()).isTrue();
    assertThat(image.matcher("localhost:5000/acme/api:1.2@" + DIGEST).matches()).isTrue();
    assertThat(image.matcher("registry.example.com/payments/api:1.2").matches()).isFalse();
    assertThat(image.matcher("api@sha512:" + "ab".repeat(64)).matches()).isFalse();
    assertThat(image.matcher("api@" + DIGEST.toUpperCase(java.util.Locale.ROOT)).matches())
        .isFalse();
    assertThat(image.matcher("a b@" + DIGEST).matches()).isFalse();
    assertThat(image.matcher("api@" + DIGEST + "0").matches()).isFalse();
  }

  @Test
  void rollbackTargetIsPreviousADigestOrACommit() throws IOException {
    String pattern = specPattern("rollback.properties.to");
    Pattern to = Pattern.compile(pattern);

    assertThat(pattern).isEqualTo(RollbackSpec.ROLLBACK_TARGET);
    assertThat(to.matcher("previous").matches()).isTrue();
    assertThat(to.matcher(DIGEST).matches()).isTrue();
    assertThat(to.matcher("0123456789abcdef0123456789abcdef01234567").matches()).isTrue();
    assertThat(to.matcher("HEAD~1").matches()).isFalse();
    assertThat(to.matcher("0123456").matches()).isFalse();
    assertThat(to.matcher("api@" + DIGEST).matches()).isFalse();
  }

  private static String specPattern(String field) throws IOException {
    return at(
        version("promotions"),
        "schema.openAPIV3Schema.properties.spec.properties." + field + ".pattern");
  }

  private static List<String> columns(Map<String, Object> version) {
    List<Map<String, Object>> columns = at(version, "additionalPrinterColumns");
    return columns.stream()
        .map(c -> c.get("name") + " " + c.get("jsonPath") + " " + c.get("type"))
        .toList();
  }

  static Map<String, Object> version(String plural) throws IOException {
    List<Map<String, Object>> versions = at(crd(plural), "spec.versions");
    assertThat(versions).hasSize(1);
    return versions.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> crd(String plural) throws IOException {
    String yaml = Files.readString(Path.of("crds", plural + ".shipproof.dev-v1.yml"));
    return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
  }

  @SuppressWarnings("unchecked")
  static <T> T at(Object node, String path) {
    Object current = node;
    for (String key : path.split("\\.")) {
      current = current instanceof Map<?, ?> map ? map.get(key) : null;
    }
    return (T) current;
  }
}
