package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.RegistryLimitException.Limit;
import dev.shipproof.testing.EvidenceFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bound on what is read fails the whole collection, naming the bound. */
class EvidenceBoundsTest {
  private static final Path COMPLETE = EvidenceFixtures.layout("complete");
  private static final long MIB = 1024 * 1024;

  @Test
  void moreBundleReferrersThanTheLimitRefusesTheCollection() {
    var store = new MapContentStore();
    store.referrers = Optional.of(referrers(4, LayoutEdits.BUNDLE_TYPE));
    var limits = new EvidenceLimits(3, 16 * MIB, 64 * MIB);

    assertThatThrownBy(() -> new StoreImageSource(store, limits).collectEvidence(ref()))
        .isInstanceOfSatisfying(
            RegistryLimitException.class, e -> assertThat(e.limit()).isEqualTo(Limit.REFERRERS))
        .hasMessageContaining("4 Sigstore bundle referrers")
        .hasMessageContaining("refusing to follow more than 3");
  }

  @Test
  void referrersOfOtherArtifactTypesDoNotCountTowardTheLimit() throws Exception {
    var store = new MapContentStore();
    store.referrers = Optional.of(referrers(10, "application/vnd.cyclonedx+json"));
    var limits = new EvidenceLimits(3, 16 * MIB, 64 * MIB);

    assertThat(new StoreImageSource(store, limits).collectEvidence(ref())).isEmpty();
  }

  @Test
  void blobDeclaredOverTheBlobLimitRefusesTheCollection(@TempDir Path dir) throws Exception {
    LayoutEdits layout = LayoutEdits.copy(COMPLETE, dir);
    ObjectNode layer = LayoutEdits.bundleLayer("{\"big\":1}".getBytes(StandardCharsets.UTF_8));
    layer.put("size", StoreImageSource.MAX_BLOB_BYTES + 1);
    layout.plantReferrer(SINGLE, List.of(layer));

    assertThatThrownBy(() -> new OciLayoutImageSource(layout.root()).collectEvidence(ref()))
        .isInstanceOfSatisfying(
            RegistryLimitException.class, e -> assertThat(e.limit()).isEqualTo(Limit.BLOB_BYTES))
        .hasMessageContaining("refusing anything over " + StoreImageSource.MAX_BLOB_BYTES);
  }

  @Test
  void blobServedOverTheBlobLimitRefusesTheCollectionWhateverItsDescriptorSays(@TempDir Path dir)
      throws Exception {
    LayoutEdits layout = LayoutEdits.copy(COMPLETE, dir);
    byte[] big = new byte[300];
    ObjectNode layer = LayoutEdits.bundleLayer(big);
    layer.put("size", 10);
    layout.addBlob(big);
    layout.plantReferrer(SINGLE, List.of(layer));
    var limits = new EvidenceLimits(256, 200, 64 * MIB);

    assertThatThrownBy(() -> new OciLayoutImageSource(layout.root(), limits).collectEvidence(ref()))
        .isInstanceOfSatisfying(
            RegistryLimitException.class, e -> assertThat(e.limit()).isEqualTo(Limit.BLOB_BYTES))
        .hasMessageContaining("refusing anything over 200 bytes");
  }

  @Test
  void referrerWithMoreLayersThanTheLimitRefusesTheCollection(@TempDir Path dir) throws Exception {
    LayoutEdits layout = LayoutEdits.copy(COMPLETE, dir);
    List<ObjectNode> layers = new ArrayList<>();
    for (int i = 0; i <= StoreImageSource.MAX_LAYERS; i++) {
      layers.add(LayoutEdits.bundleLayer(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    layout.plantReferrer(SINGLE, layers);

    assertThatThrownBy(() -> new OciLayoutImageSource(layout.root()).collectEvidence(ref()))
        .isInstanceOfSatisfying(
            RegistryLimitException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(Limit.LAYERS);
              assertThat(e.countsItems()).isTrue();
            })
        .hasMessageContaining((StoreImageSource.MAX_LAYERS + 1) + " layers");
  }

  @Test
  void evidenceOverTheTotalBudgetRefusesTheCollection() {
    // The complete layout holds about 60 KB of evidence for the single-platform digest.
    var limits = new EvidenceLimits(256, 16 * MIB, 20_000);

    assertThatThrownBy(() -> new OciLayoutImageSource(COMPLETE, limits).collectEvidence(ref()))
        .isInstanceOfSatisfying(
            RegistryLimitException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(Limit.EVIDENCE_BYTES);
              assertThat(e.countsItems()).isFalse();
            })
        .hasMessageContaining("exceeds 20000 bytes in total");
  }

  @Test
  void completeEvidenceFitsTheDefaults() throws Exception {
    ImageSourceExpectations.assertCompleteEvidence(
        new OciLayoutImageSource(COMPLETE, EvidenceLimits.DEFAULTS).collectEvidence(ref()),
        SINGLE,
        COMPLETE);
  }

  @Test
  void refusesLimitsThatAreNotPositive() {
    assertThatThrownBy(() -> new EvidenceLimits(0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Descriptor> referrers(int count, String artifactType) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                new Descriptor(
                    OciJson.OCI_MANIFEST,
                    Digests.compute("sha256:", ("r" + i).getBytes(StandardCharsets.UTF_8)),
                    10,
                    artifactType,
                    Map.of()))
        .toList();
  }

  private static ImageRef ref() {
    return ImageRef.parse("localhost:5000/acme/api@" + SINGLE);
  }
}
