package dev.shipproof.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Paths and digests of the evidence fixtures under {@code src/test/resources/fixtures/evidence}.
 */
public final class EvidenceFixtures {
  /** Single-platform linux/amd64 manifest, also the index's amd64 child. */
  public static final String SINGLE =
      "sha256:fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362";

  /** Image index (amd64 + arm64). */
  public static final String INDEX =
      "sha256:bff91d6a78b568e8404db6367a740636418ca422a41f2e6fefc3a6770549304c";

  /** arm64/v8 child manifest: nothing is attached to it. */
  public static final String ARM64 =
      "sha256:9001114091479d5f26248dc698f033a3326746777cc14533c0f5059b4d0dd37b";

  private EvidenceFixtures() {}

  /** An OCI scenario layout, e.g. {@code complete} or {@code neg-subject-mismatch}. */
  public static Path layout(String scenario) {
    return resource("/fixtures/evidence/oci/" + scenario);
  }

  /** A fixture file or directory on the test class path. */
  public static Path resource(String name) {
    URL url = EvidenceFixtures.class.getResource(name);
    if (url == null) {
      throw new IllegalArgumentException("no test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(name, e);
    }
  }
}
