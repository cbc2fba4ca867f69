package dev.shipproof.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {
  static final String HEX = "fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "registry.example.com/payments/api@sha256:"
            + HEX
            + " | registry.example.com | payments/api | - ",
        "localhost:5000/acme/api@sha256:"
            + HEX
            + "           | localhost:5000       | acme/api     | - ",
        "localhost/acme/api@sha256:"
            + HEX
            + "                | localhost            | acme/api     | - ",
        "registry:5000/team/app:1.2.3@sha256:"
            + HEX
            + "      | registry:5000        | team/app     | 1.2.3",
        "nginx@sha256:"
            + HEX
            + "                             | -                    | nginx        | - ",
        "acme/api:v1@sha256:"
            + HEX
            + "                       | -                    | acme/api     | v1",
        "ghcr.io/a/b/c/d@sha256:"
            + HEX
            + "                   | ghcr.io              | a/b/c/d      | - ",
        "[::1]:5000/x@sha256:"
            + HEX
            + "                      | [::1]:5000           | x            | - ",
      })
  void parsesRegistryRepositoryTagAndDigest(String text, String registry, String repo, String tag) {
    ImageRef ref = ImageRef.parseDigestReference(text);

    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repo);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isEqualTo("sha256:" + HEX);
  }

  @Test
  void readsAPortAsPartOfTheHostNotAsATag() {
    ImageRef ref = ImageRef.parse("localhost:5000/acme/api");

    assertThat(ref.registry()).isEqualTo("localhost:5000");
    assertThat(ref.tag()).isNull();
  }

  @Test
  void normalisesDockerHubNamesOnlyForComparison() {
    ImageRef shortName = ImageRef.parse("nginx");

    assertThat(shortName.name()).isEqualTo("nginx");
    assertThat(shortName.canonicalName()).isEqualTo("docker.io/library/nginx");
    assertThat(ImageRef.parse("docker.io/library/nginx").canonicalName())
        .isEqualTo(shortName.canonicalName());
    assertThat(ImageRef.parse("index.docker.io/library/nginx").canonicalName())
        .isEqualTo(shortName.canonicalName());
  }

  @Test
  void acceptsSha512() {
    String hex = "ab".repeat(64);
    assertThat(ImageRef.parseDigestReference("x/y@sha512:" + hex).digest())
        .isEqualTo("sha512:" + hex);
  }

  @Test
  void refusesTagOnlyReferenceWithDigestRequired() {
    assertThatThrownBy(() -> ImageRef.parseDigestReference("registry.example.com/api:1.0"))
        .isInstanceOf(ImageRefException.class)
        .hasMessageContaining("has no digest")
        .extracting(e -> ((ImageRefException) e).reason())
        .isEqualTo("DigestRequired");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "",
        " ",
        "api@sha256:abc",
        "api@sha256:" + "FEF24F66563C240CF8F0646BA3DF73BB12487C11A115E90F701EF4F5F3E93362",
        "api@sha256:" + HEX + "0",
        "api@md5:d41d8cd98f00b204e9800998ecf8427e",
        "api@" + HEX,
        "@sha256:" + HEX,
        "Registry.Example.com/API@sha256:" + HEX,
        "api:@sha256:" + HEX,
        "a//b@sha256:" + HEX,
        " api@sha256:" + HEX,
        "api @sha256:" + HEX,
        "-api@sha256:" + HEX,
      })
  void refusesMalformedReferencesWithInvalidReference(String text) {
    assertThatThrownBy(() -> ImageRef.parseDigestReference(text))
        .isInstanceOf(ImageRefException.class)
        .extracting(e -> ((ImageRefException) e).reason())
        .isEqualTo("InvalidReference");
  }

  @Test
  void printsTheNameAsWrittenWithTheDigest() {
    ImageRef ref = ImageRef.parse("localhost:5000/acme/api:1.0@sha256:" + HEX);

    assertThat(ref.withDigest("sha256:" + HEX).toString())
        .isEqualTo("localhost:5000/acme/api@sha256:" + HEX);
    assertThat(ref.shortDigest()).isEqualTo("sha256:fef24f66563c");
  }
}
