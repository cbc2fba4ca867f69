package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.EvidenceItem.Format;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.LayoutPusher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-registry 2.8 with referrers (tag schema), {@code .sig}, {@code .att} and {@code .sbom}
 * tags all at once: evidence from every one of them counts.
 */
class OrasImageSourceSbomTagTest {
  @Test
  void collectsFromTheTagSchemaAndAllThreeCosignTagsAtOnce(@TempDir Path dir) throws Exception {
    LayoutEdits layout = LayoutEdits.copy(EvidenceFixtures.layout("complete"), dir);
    byte[] bundle = DiscoveryTest.fixtureBundle();
    byte[] spdx = "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8);
    layout.addBlob(bundle);
    layout.addBlob(spdx);
    String sbomTag = "sha256-" + SINGLE.substring(7) + ".sbom";
    layout.plantTag(
        sbomTag,
        List.of(
            LayoutEdits.layer("text/spdx+json", Digests.compute("sha256:", spdx), spdx.length),
            LayoutEdits.bundleLayer(bundle)));

    try (DockerRegistry registry = DockerRegistry.start()) {
      var pushed = LayoutPusher.into(registry).push(layout.root(), "acme/api");
      var source = new OrasImageSource(RegistryAccess.defaults().withInsecure(true));

      List<EvidenceItem> evidence = source.collectEvidence(pushed.ref(SINGLE));

      assertThat(evidence).hasSize(11);
      assertThat(evidence)
          .extracting(EvidenceItem::source)
          .filteredOn(s -> !s.startsWith("referrer "))
          .containsOnly(
              "sha256-" + SINGLE.substring(7) + ".sig",
              "sha256-" + SINGLE.substring(7) + ".att",
              sbomTag);
      assertThat(evidence)
          .filteredOn(i -> i.source().equals(sbomTag))
          .singleElement()
          .satisfies(i -> assertThat(i.format()).isEqualTo(Format.SIGSTORE_BUNDLE));
      assertThat(evidence).filteredOn(i -> i.source().startsWith("referrer ")).hasSize(5);
    }
  }
}
