package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.EvidenceItem.Format;
import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.EvidenceFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where evidence is looked for: the referrers API (asked per bundle artifact type, filtered again
 * here), the referrers tag schema and cosign's tags, all together, each referrer and blob once.
 */
class DiscoveryTest {
  private static final Path COMPLETE = EvidenceFixtures.layout("complete");
  private static final String SBOM_TAG = "sha256-" + SINGLE.substring(7) + ".sbom";
  private static final String SPDX_DOCUMENT = "text/spdx+json";

  @Test
  void asksForEveryBundleArtifactTypeWhileTheRegistryAppliesTheFilter() throws Exception {
    var store = new MapContentStore();
    store.filterApplied = true;

    new StoreImageSource(store).collectEvidence(ref());

    assertThat(store.askedTypes).isEqualTo(StoreImageSource.BUNDLE_ARTIFACT_TYPES);
  }

  @Test
  void asksOnceAndFiltersItselfWhenTheRegistryIgnoresTheFilter() throws Exception {
    var store = new MapContentStore();
    byte[] bundle = "{\"b\":1}".getBytes(StandardCharsets.UTF_8);
    String blob = store.put(bundle);
    String bundleReferrer = store.put(manifest(blob, bundle.length));
    // Listed but never fetched: not a bundle, so not evidence (and absent from the store).
    String sbomReferrer = Digests.compute("sha256:", "sbom".getBytes(StandardCharsets.UTF_8));
    store.referrers =
        Optional.of(
            List.of(
                descriptor(sbomReferrer, "application/spdx+json"),
                descriptor(bundleReferrer, LayoutEdits.BUNDLE_TYPE)));

    List<EvidenceItem> items = new StoreImageSource(store).collectEvidence(ref());

    assertThat(store.askedTypes).containsExactly(StoreImageSource.BUNDLE_ARTIFACT_TYPES.get(0));
    assertThat(items)
        .extracting(EvidenceItem::source)
        .containsExactly("referrer " + ImageRef.shortDigest(bundleReferrer));
  }

  @Test
  void filtersAgainWhenTheRegistrySaysItFilteredButDidNot() throws Exception {
    var store = new MapContentStore();
    String other = Digests.compute("sha256:", "other".getBytes(StandardCharsets.UTF_8));
    store.referrers = Optional.of(List.of(descriptor(other, "application/vnd.example+json")));
    store.claimsFilterWithoutApplyingIt = true;

    assertThat(new StoreImageSource(store).collectEvidence(ref())).isEmpty();
  }

  @Test
  void readsTheTagSchemaBesideTheApiAndCountsAReferrerListedInBothOnce() throws Exception {
    var store = new MapContentStore();
    byte[] first = "{\"b\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] second = "{\"b\":2}".getBytes(StandardCharsets.UTF_8);
    String inBoth = store.put(manifest(store.put(first), first.length));
    String onlyTag = store.put(manifest(store.put(second), second.length));
    store.referrers = Optional.of(List.of(descriptor(inBoth, LayoutEdits.BUNDLE_TYPE)));
    store.tag(
        Digests.referrersTag(SINGLE),
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":["
                + descriptorJson(onlyTag)
                + ","
                + descriptorJson(inBoth)
                + "]}")
            .getBytes(StandardCharsets.UTF_8));

    List<EvidenceItem> items = new StoreImageSource(store).collectEvidence(ref());

    assertThat(items)
        .extracting(EvidenceItem::source)
        .containsExactly(
            "referrer " + ImageRef.shortDigest(inBoth),
            "referrer " + ImageRef.shortDigest(onlyTag));
  }

  @Test
  void sbomTagBundleLayersCountAndUnsignedSbomDocumentsDoNot(@TempDir Path dir) throws Exception {
    LayoutEdits layout = LayoutEdits.copy(COMPLETE, dir);
    byte[] bundle = fixtureBundle();
    byte[] spdx = "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8);
    layout.addBlob(bundle);
    layout.addBlob(spdx);
    layout.plantTag(
        SBOM_TAG,
        List.of(
            LayoutEdits.layer(SPDX_DOCUMENT, Digests.compute("sha256:", spdx), spdx.length),
            LayoutEdits.bundleLayer(bundle)));

    List<EvidenceItem> items = new OciLayoutImageSource(layout.root()).collectEvidence(ref());

    assertThat(items).hasSize(11);
    assertThat(items)
        .filteredOn(i -> i.source().equals(SBOM_TAG))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.format()).isEqualTo(Format.SIGSTORE_BUNDLE);
              assertThat(item.content()).isEqualTo(bundle);
            });
  }

  @Test
  void aBlobListedUnderSeveralTagsIsReadOnce(@TempDir Path dir) throws Exception {
    LayoutEdits layout = LayoutEdits.copy(COMPLETE, dir);
    // The .att tag's first layer, attached again under .sbom: same blob, same annotations.
    List<EvidenceItem> before = new OciLayoutImageSource(layout.root()).collectEvidence(ref());
    EvidenceItem att =
        before.stream().filter(i -> i.source().endsWith(".att")).findFirst().orElseThrow();
    ObjectNode layer =
        LayoutEdits.layer(
            att.mediaType(), Digests.compute("sha256:", att.content()), att.content().length);
    if (!att.annotations().isEmpty()) {
      ObjectNode annotations = layer.putObject("annotations");
      att.annotations().forEach(annotations::put);
    }
    layout.plantTag(SBOM_TAG, List.of(layer));

    List<EvidenceItem> after = new OciLayoutImageSource(layout.root()).collectEvidence(ref());

    assertThat(after).hasSize(before.size());
    assertThat(after).noneMatch(i -> i.source().equals(SBOM_TAG));
  }

  @Test
  void aBrokenSbomTagIsNotEvidenceAndSinksNothing(@TempDir Path dir) throws Exception {
    LayoutEdits layout = LayoutEdits.copy(COMPLETE, dir);
    layout.plantTag(SBOM_TAG, "not json".getBytes(StandardCharsets.UTF_8));

    List<EvidenceItem> items = new OciLayoutImageSource(layout.root()).collectEvidence(ref());

    ImageSourceExpectations.assertCompleteEvidence(items, SINGLE, COMPLETE);
  }

  static byte[] fixtureBundle() throws Exception {
    return Files.readAllBytes(
        EvidenceFixtures.resource(
            "/fixtures/evidence/bundles/single/slsa-provenance.tlog-only.sigstore.json"));
  }

  private static byte[] manifest(String blob, long size) {
    return UnreadableEvidenceTest.referrerManifest(SINGLE, blob, size)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Descriptor descriptor(String digest, String artifactType) {
    return new Descriptor(OciJson.OCI_MANIFEST, digest, -1, artifactType, Map.of());
  }

  private static String descriptorJson(String digest) {
    return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
        + digest
        + "\",\"artifactType\":\""
        + LayoutEdits.BUNDLE_TYPE
        + "\"}";
  }

  private static ImageRef ref() {
    return ImageRef.parse("localhost:5000/acme/api@" + SINGLE);
  }
}
