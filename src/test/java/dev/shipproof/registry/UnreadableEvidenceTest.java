package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.ARM64;
import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipproof.evidence.Fixtures;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Rejection;
import dev.shipproof.model.Claim.Status;
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
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One broken piece of evidence must not sink a digest whose other evidence is complete: it becomes
 * an item the verifier rejects, while the whole-call limits and outages still fail the call.
 */
class UnreadableEvidenceTest {
  private static final Path COMPLETE = EvidenceFixtures.layout("complete");
  private static final byte[] ABSENT_BUNDLE = "{\"absent\":true}".getBytes(StandardCharsets.UTF_8);
  private static final String SIG_TAG = "sha256-" + SINGLE.substring(7) + ".sig";

  @Test
  void referrerWhoseBundleBlobIsMissingBecomesOneRejectedItemNextToTheGoodOnes(@TempDir Path dir)
      throws Exception {
    LayoutEdits layout = LayoutEdits.copy(COMPLETE, dir);
    String referrer = layout.plantReferrer(SINGLE, List.of(LayoutEdits.bundleLayer(ABSENT_BUNDLE)));

    List<EvidenceItem> evidence =
        new OciLayoutImageSource(layout.root()).collectEvidence(ref(SINGLE));

    assertThat(evidence).hasSize(11);
    EvidenceItem broken = onlyUnreadable(evidence);
    String sentence =
        "evidence blob "
            + ImageRef.shortDigest(Digests.compute("sha256:", ABSENT_BUNDLE))
            + " of referrer "
            + ImageRef.shortDigest(referrer)
            + " is missing from image layout "
            + layout.root();
    assertThat(broken.source()).isEqualTo("referrer " + ImageRef.shortDigest(referrer));
    assertThat(broken.format()).isEqualTo(Format.SIGSTORE_BUNDLE);
    assertThat(broken.content()).isEmpty();
    assertThat(broken.annotations()).containsExactly(Map.entry(ImageSource.FETCH_ERROR, sentence));
    ImageSourceExpectations.assertCompleteEvidence(readable(evidence), SINGLE, COMPLETE);
  }

  @Test
  void verifierRejectsTheUnreadableItemAsMalformedAndVerifiesTheRest(@TempDir Path dir)
      throws Exception {
    LayoutEdits layout = LayoutEdits.copy(COMPLETE, dir);
    layout.plantReferrer(SINGLE, List.of(LayoutEdits.bundleLayer(ABSENT_BUNDLE)));
    List<EvidenceItem> evidence =
        new OciLayoutImageSource(layout.root()).collectEvidence(ref(SINGLE));
    var verifier = new SigstoreEvidenceVerifier();
    byte[] manifest = Files.readAllBytes(layout.blobPath(SINGLE));

    List<Claim> claims = verifier.verify(SINGLE, manifest, evidence, Fixtures.trust());
    List<Claim> withoutBroken =
        verifier.verify(SINGLE, manifest, readable(evidence), Fixtures.trust());

    EvidenceItem broken = onlyUnreadable(evidence);
    Claim rejected = claims.get(evidence.indexOf(broken));
    assertThat(rejected.source()).isEqualTo(broken.source());
    assertThat(rejected.status()).isEqualTo(Status.REJECTED);
    assertThat(rejected.rejection()).isEqualTo(Rejection.MALFORMED);
    assertThat(rejected.detail()).isEqualTo(broken.annotations().get(ImageSource.FETCH_ERROR));
    assertThat(rejected.signer()).isNull();
    assertThat(claims).filteredOn(c -> c != rejected).isEqualTo(withoutBroken);
    assertThat(withoutBroken).filteredOn(Claim::verified).hasSize(8);
  }

  @Test
  void verifierRejectsUnreadableCosignLayersAsMalformedAttestationsAndSignatures() {
    var verifier = new SigstoreEvidenceVerifier();
    byte[] manifest = Fixtures.manifest(SINGLE);
    Map<String, String> why = Map.of(ImageSource.FETCH_ERROR, "evidence blob x is missing");
    List<EvidenceItem> items =
        List.of(
            new EvidenceItem(SIG_TAG, Format.COSIGN_SIGNATURE, "t", new byte[0], why),
            new EvidenceItem("att", Format.COSIGN_ATTESTATION, "t", new byte[0], why));

    List<Claim> claims = verifier.verify(SINGLE, manifest, items, Fixtures.trust());

    assertThat(claims)
        .extracting(Claim::kind, Claim::status, Claim::rejection, Claim::detail)
        .containsExactly(
            tuple(
                Claim.Kind.SIGNATURE,
                Status.REJECTED,
                Rejection.MALFORMED,
                "evidence blob x is missing"),
            tuple(
                Claim.Kind.ATTESTATION,
                Status.REJECTED,
                Rejection.MALFORMED,
                "evidence blob x is missing"));
  }

  /** How to break one piece of a layout copy, and what the unreadable item must say. */
  interface Breakage {
    /** Breaks the layout; returns the source the unreadable item must carry. */
    String apply(LayoutEdits layout) throws Exception;
  }

  record Case(String digest, Breakage breakage, Format format, String sentencePart) {}

  static Arguments broken(String name, String digest, Breakage b, Format format, String part) {
    return Arguments.of(Named.of(name, new Case(digest, b, format, part)));
  }

  static Stream<Arguments> brokenPieces() {
    return Stream.of(
        broken(
            "bundle blob has another size than its descriptor says",
            SINGLE,
            layout -> {
              byte[] bytes = "{\"sized\":1}".getBytes(StandardCharsets.UTF_8);
              layout.addBlob(bytes);
              ObjectNode layer = LayoutEdits.bundleLayer(bytes);
              layer.put("size", bytes.length + 1);
              return referrerSource(layout.plantReferrer(SINGLE, List.of(layer)));
            },
            Format.SIGSTORE_BUNDLE,
            "bytes, but its descriptor says"),
        broken(
            "bundle layer digest is malformed",
            SINGLE,
            layout ->
                referrerSource(
                    layout.plantReferrer(
                        SINGLE,
                        List.of(LayoutEdits.layer(LayoutEdits.BUNDLE_TYPE, "sha256:NOT-HEX", 9)))),
            Format.SIGSTORE_BUNDLE,
            "malformed digest"),
        broken(
            "cosign .sig layer blob is missing",
            ARM64,
            layout -> {
              String tag = "sha256-" + ARM64.substring(7) + ".sig";
              layout.plantTag(
                  tag,
                  List.of(
                      LayoutEdits.layer(
                          StoreImageSource.COSIGN_SIMPLESIGNING,
                          Digests.compute("sha256:", ABSENT_BUNDLE),
                          ABSENT_BUNDLE.length)));
              return tag;
            },
            Format.COSIGN_SIGNATURE,
            "is missing from image layout"),
        broken(
            "cosign .att tag manifest is not JSON",
            ARM64,
            layout -> {
              String tag = "sha256-" + ARM64.substring(7) + ".att";
              layout.plantTag(tag, "not json".getBytes(StandardCharsets.UTF_8));
              return tag;
            },
            Format.COSIGN_ATTESTATION,
            "is not JSON"),
        broken(
            "cosign .att tag names a manifest missing from the layout",
            ARM64,
            layout -> {
              String tag = "sha256-" + ARM64.substring(7) + ".att";
              String digest = layout.plantTag(tag, "{}".getBytes(StandardCharsets.UTF_8));
              Files.delete(layout.blobPath(digest));
              return tag;
            },
            Format.COSIGN_ATTESTATION,
            "names a missing blob"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenPieces")
  void brokenPieceBecomesAnUnreadableItemAndTheRestIsStillCollected(Case broken, @TempDir Path dir)
      throws Exception {
    LayoutEdits layout = LayoutEdits.copy(COMPLETE, dir);
    String source = broken.breakage().apply(layout);

    List<EvidenceItem> evidence =
        new OciLayoutImageSource(layout.root()).collectEvidence(ref(broken.digest()));

    EvidenceItem item = onlyUnreadable(evidence);
    assertThat(item.source()).isEqualTo(source);
    assertThat(item.format()).isEqualTo(broken.format());
    assertThat(item.content()).isEmpty();
    assertThat(item.annotations().get(ImageSource.FETCH_ERROR))
        .containsPattern(broken.sentencePart())
        .doesNotContain("Exception");
    List<EvidenceItem> rest = readable(evidence);
    if (broken.digest().equals(SINGLE)) {
      ImageSourceExpectations.assertCompleteEvidence(rest, SINGLE, COMPLETE);
    } else {
      assertThat(rest).isEmpty();
    }
  }

  @Test
  void outageWhileReadingOneBlobStillFailsTheWholeCallAsRetryable() throws Exception {
    var store = new MapContentStore();
    byte[] bundle = "{\"b\":1}".getBytes(StandardCharsets.UTF_8);
    String blob = store.put(bundle);
    String manifest =
        store.put(referrerManifest(SINGLE, blob, bundle.length).getBytes(StandardCharsets.UTF_8));
    store.referrers =
        Optional.of(
            List.of(
                new Descriptor(
                    OciJson.OCI_MANIFEST, manifest, -1, LayoutEdits.BUNDLE_TYPE, Map.of())));
    store.down = Set.of(blob);

    assertThatThrownBy(() -> new StoreImageSource(store).collectEvidence(ref(SINGLE)))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.retryable()).isTrue());
  }

  static String referrerManifest(String subject, String blob, long size) {
    return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"artifactType\":\""
        + LayoutEdits.BUNDLE_TYPE
        + "\",\"layers\":[{\"mediaType\":\""
        + LayoutEdits.BUNDLE_TYPE
        + "\",\"digest\":\""
        + blob
        + "\",\"size\":"
        + size
        + "}],\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"digest\":\""
        + subject
        + "\",\"size\":540}}";
  }

  private static String referrerSource(String digest) {
    return "referrer " + ImageRef.shortDigest(digest);
  }

  static EvidenceItem onlyUnreadable(List<EvidenceItem> evidence) {
    List<EvidenceItem> unreadable =
        evidence.stream()
            .filter(i -> i.annotations().containsKey(ImageSource.FETCH_ERROR))
            .collect(Collectors.toList());
    assertThat(unreadable).hasSize(1);
    return unreadable.get(0);
  }

  static List<EvidenceItem> readable(List<EvidenceItem> evidence) {
    return evidence.stream()
        .filter(i -> !i.annotations().containsKey(ImageSource.FETCH_ERROR))
        .toList();
  }

  private static ImageRef ref(String digest) {
    return ImageRef.parse("localhost:5000/acme/api@" + digest);
  }
}
