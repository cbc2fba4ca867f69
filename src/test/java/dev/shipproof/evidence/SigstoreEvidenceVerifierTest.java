package dev.shipproof.evidence;

import static dev.shipproof.evidence.Fixtures.ACME_SAN;
import static dev.shipproof.evidence.Fixtures.GITHUB_ISSUER;
import static dev.shipproof.evidence.Fixtures.INDEX;
import static dev.shipproof.evidence.Fixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Kind;
import dev.shipproof.model.Claim.Rejection;
import dev.shipproof.model.Claim.Status;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SigstoreEvidenceVerifierTest {
  private static final String EVIL_SAN =
      "https://github.com/evil/api/.github/workflows/release.yml@refs/heads/main";

  private final SigstoreEvidenceVerifier verifier = new SigstoreEvidenceVerifier();

  static Stream<Arguments> expectedBundles() {
    var rows = new ArrayList<Arguments>();
    for (JsonNode row : Fixtures.json("expected.json").path("bundles")) {
      rows.add(Arguments.of(Named.of(row.path("file").asText(), row)));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expectedBundles")
  void verifiesEveryKitBundleAsExpected(JsonNode row) {
    var file = row.path("file").asText();
    var digest = row.path("digest").asText();
    var claim = verifyOne(digest, Fixtures.read(file));

    var isDsse = row.path("content").asText().equals("dsse");
    assertThat(claim.kind()).isEqualTo(isDsse ? Kind.ATTESTATION : Kind.SIGNATURE);
    if (row.path("mode").asText().equals("key")) {
      assertThat(claim.status()).isEqualTo(Status.REJECTED);
      assertThat(claim.rejection()).isEqualTo(Rejection.UNSUPPORTED);
      assertThat(claim.detail()).isEqualTo(CosignLayers.KEYED);

      var keyed = verifyOne(digest, Fixtures.read(file), Fixtures.trustWithCosignKey());
      assertThat(keyed.status()).as(keyed.detail()).isEqualTo(Status.VERIFIED);
      assertThat(keyed.signer().keyHint()).isEqualTo(Fixtures.COSIGN_KEY_ID);
      assertThat(keyed.signer().subject()).isNull();
      return;
    }
    var predicateType =
        row.path("predicateType").isNull() ? null : row.path("predicateType").asText();
    switch (file.replaceFirst(".*/", "")) {
      case "tampered-payload.sigstore.json" -> {
        assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
        assertThat(claim.predicateType()).as("unsigned type must not leak").isNull();
        assertThat(claim.signer()).isNull();
        assertThat(claim.detail()).startsWith("signature invalid: the signature does not match");
      }
      case "subject-digest-mismatch.sigstore.json" -> {
        assertThat(claim.rejection()).isEqualTo(Rejection.SUBJECT_MISMATCH);
        assertThat(claim.detail()).contains(SINGLE).contains("sha256:84edfd592ed4");
      }
      case "wrong-identity-san.sigstore.json" -> {
        // Crypto is fine; refusing that identity is the policy's job.
        assertVerified(claim, predicateType);
        assertThat(claim.signer().subject()).isEqualTo(EVIL_SAN);
      }
      default -> {
        assertVerified(claim, predicateType);
        assertThat(claim.signer().subject()).isEqualTo(ACME_SAN);
      }
    }
  }

  @Test
  void refusesBundleForTheIndexPresentedForTheSinglePlatformDigest() {
    var claim = verifyOne(SINGLE, Fixtures.read("bundles/index/slsa-provenance.sigstore.json"));

    assertThat(claim.rejection()).isEqualTo(Rejection.SUBJECT_MISMATCH);
    assertThat(claim.signer().subject()).isEqualTo(ACME_SAN);
    assertThat(claim.detail())
        .contains(INDEX)
        .contains("no statement subject has digest " + SINGLE);
  }

  @Test
  void refusesMessageSignatureOverAnotherManifest() {
    var claim = verifyOne(SINGLE, Fixtures.read("bundles/index/message-signature.sigstore.json"));

    assertThat(claim.rejection()).isEqualTo(Rejection.SUBJECT_MISMATCH);
    assertThat(claim.detail())
        .isEqualTo("the message signature signs " + INDEX + ", not " + SINGLE);
  }

  @Test
  void verifiesBySignedTimeLongAfterTheTenMinuteCertificateExpired() throws Exception {
    var bundle = Fixtures.json("bundles/single/slsa-provenance.sigstore.json");
    var der =
        Base64.getDecoder()
            .decode(
                bundle.path("verificationMaterial").path("certificate").path("rawBytes").asText());
    var leaf =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    assertThat(leaf.getNotAfter().toInstant()).isBefore(Instant.now());

    var claim = verifyOne(SINGLE, Fixtures.read("bundles/single/slsa-provenance.sigstore.json"));

    assertThat(claim.status()).isEqualTo(Status.VERIFIED);
  }

  @Test
  void reportsGarbageBytesAsMalformed() {
    var claim = verifyOne(SINGLE, "\u0000\u00ffnot json".getBytes());

    assertThat(claim.status()).isEqualTo(Status.REJECTED);
    assertThat(claim.rejection()).isEqualTo(Rejection.MALFORMED);
  }

  @Test
  void reportsJsonThatIsNoBundleAsMalformed() {
    var claim = verifyOne(SINGLE, "{\"dsseEnvelope\": 42}".getBytes());

    assertThat(claim.rejection()).isEqualTo(Rejection.MALFORMED);
    assertThat(claim.detail()).startsWith("not a Sigstore bundle this verifier can read");
  }

  private Claim verifyOne(String digest, byte[] bundle, TrustRoot trust) {
    var item = Fixtures.bundleItem("test", bundle, Map.of());
    return verifier.verify(digest, Fixtures.manifest(digest), List.of(item), trust).get(0);
  }

  private Claim verifyOne(String digest, byte[] bundle) {
    var item = Fixtures.bundleItem("test", bundle, Map.of());
    List<Claim> claims =
        verifier.verify(digest, Fixtures.manifest(digest), List.of(item), Fixtures.trust());
    assertThat(claims).hasSize(1);
    return claims.get(0);
  }

  private static void assertVerified(Claim claim, String predicateType) {
    assertThat(claim.status()).as(claim.detail()).isEqualTo(Status.VERIFIED);
    assertThat(claim.rejection()).isNull();
    assertThat(claim.predicateType()).isEqualTo(predicateType);
    assertThat(claim.signer().issuer()).isEqualTo(GITHUB_ISSUER);
    if (predicateType != null) {
      assertThat(claim.predicateJson()).startsWith("{");
    }
  }
}
