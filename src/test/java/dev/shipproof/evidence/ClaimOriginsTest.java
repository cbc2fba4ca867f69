package dev.shipproof.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.model.EvidenceItem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where each claim's evidence sits, and when the log vouched for it. */
class ClaimOriginsTest {
  static final Instant LOGGED = Instant.parse("2026-11-02T09:01:00Z");

  @Test
  void readsLogEntryAndStatementOfABundle() {
    var item =
        Fixtures.bundleItem(
            "referrer sha256:e7a045a483de",
            Fixtures.read("bundles/single/slsa-provenance.sigstore.json"),
            Map.of());

    var origin = ClaimOrigins.of(item);

    assertThat(origin.envelopeDigest()).matches("sha256:[0-9a-f]{64}");
    assertThat(origin.logIndex()).isNotNull();
    assertThat(origin.integratedTime()).isEqualTo(LOGGED);
    assertThat(origin.statementJson())
        .contains("\"predicateType\":\"https://slsa.dev/provenance/v1\"");
  }

  @Test
  void readsTheRekorBundleAnnotationOfCosignLayers() {
    var sig = Fixtures.cosignLayers("oci/complete", Fixtures.SINGLE, ".sig").get(0);
    var att = Fixtures.cosignLayers("oci/complete", Fixtures.SINGLE, ".att").get(0);

    assertThat(ClaimOrigins.of(sig).integratedTime()).isEqualTo(LOGGED);
    assertThat(ClaimOrigins.of(sig).logIndex()).isNotNull();
    assertThat(ClaimOrigins.of(sig).statementJson()).isNull();
    assertThat(ClaimOrigins.of(att).statementJson())
        .contains("\"_type\":\"https://in-toto.io/Statement/v1\"");
  }

  @Test
  void anUnreadableItemHasAnEmptyOrigin() {
    var item =
        new EvidenceItem(
            "referrer sha256:000000000000",
            EvidenceItem.Format.SIGSTORE_BUNDLE,
            "application/vnd.dev.sigstore.bundle.v0.3+json",
            new byte[0],
            Map.of("dev.shipproof/fetch-error", "missing"));

    var origin = ClaimOrigins.of(item);

    assertThat(origin.envelopeDigest()).isNull();
    assertThat(origin.logIndex()).isNull();
    assertThat(origin.statementJson()).isNull();
  }

  @Test
  void attachingNeedsOneClaimPerItem() {
    assertThatThrownBy(
            () ->
                ClaimOrigins.attach(
                    Fixtures.cosignLayers("oci/complete", Fixtures.SINGLE, ".sig"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
