package dev.shipproof.evidence;

import static dev.shipproof.evidence.Fixtures.INDEX;
import static dev.shipproof.evidence.Fixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Rejection;
import dev.shipproof.model.Claim.Status;
import dev.shipproof.model.EvidenceItem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keyed evidence: Sigstore bundles with a public-key hint, and legacy cosign layers. */
class KeyedEvidenceTest {
  private static final TestLog LOG = TestLog.create();
  private static final TrustRoot ROOT = LOG.trust();

  private final SigstoreEvidenceVerifier verifier = new SigstoreEvidenceVerifier();

  @Test
  void verifiesKeyedDsseBundleSignedWithP384KeyWhosePayloadHoldsNonAsciiText() {
    var signer = TestLog.ecKeyPair("secp384r1");
    var payload = KeyedEvidence.statement(SINGLE.substring(7), "Müller GmbH");
    var bundle = KeyedEvidence.dsseBundle(LOG, signer, "SHA384withECDSA", payload);
    var key = SigningKey.fromPem(TestLog.pem(signer.getPublic()));

    var claim = verifyBundle(bundle, ROOT.withKeys(List.of(key)));

    assertThat(claim.status()).as(claim.detail()).isEqualTo(Status.VERIFIED);
    assertThat(claim.predicateType()).isEqualTo("https://spdx.dev/Document");
    assertThat(claim.predicateJson()).contains("Müller GmbH");
    assertThat(claim.signer().keyHint()).isEqualTo(key.id());
    assertThat(claim.detail()).endsWith("signed by key " + key.shortId());
  }

  @Test
  void verifiesKeyedMessageSignatureBundleSignedWithRsaKey() {
    var signer = TestLog.keyPair("RSA", 2048);
    var bundle =
        KeyedEvidence.messageBundle(LOG, signer, "SHA256withRSA", Fixtures.manifest(SINGLE));
    var key = SigningKey.fromPem(TestLog.pem(signer.getPublic()));

    var claim = verifyBundle(bundle, ROOT.withKeys(List.of(key)));

    assertThat(claim.status()).as(claim.detail()).isEqualTo(Status.VERIFIED);
    assertThat(claim.signer().keyHint()).isEqualTo(key.id());
  }

  @Test
  void triesEveryPolicyKeyBecauseTheBundleHintIsUnsigned() {
    var signer = TestLog.ecKeyPair("secp256r1");
    var bundle =
        KeyedEvidence.messageBundle(LOG, signer, "SHA256withECDSA", Fixtures.manifest(SINGLE));
    var other = SigningKey.fromPem(TestLog.pem(TestLog.ecKeyPair("secp256r1").getPublic()));
    var key = SigningKey.fromPem(TestLog.pem(signer.getPublic()));

    var claim = verifyBundle(bundle, ROOT.withKeys(List.of(other, key)));

    assertThat(claim.signer().keyHint()).isEqualTo(key.id());
  }

  @Test
  void rejectsKeyedBundleThatNoPolicyKeyVerifies() {
    var signer = TestLog.ecKeyPair("secp256r1");
    var payload = KeyedEvidence.statement(SINGLE.substring(7), "Acme");
    var bundle = KeyedEvidence.dsseBundle(LOG, signer, "SHA256withECDSA", payload);
    var other = SigningKey.fromPem(TestLog.pem(TestLog.ecKeyPair("secp256r1").getPublic()));

    var claim = verifyBundle(bundle, ROOT.withKeys(List.of(other)));

    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.detail()).contains("verifies with none of the policy's public keys");
  }

  @Test
  void rejectsKeyedBundleWhoseLogEntryIsFromAnUntrustedLog() {
    var signer = TestLog.ecKeyPair("secp256r1");
    var bundle =
        KeyedEvidence.messageBundle(LOG, signer, "SHA256withECDSA", Fixtures.manifest(SINGLE));
    var key = SigningKey.fromPem(TestLog.pem(signer.getPublic()));

    var claim = verifyBundle(bundle, Fixtures.trust().withKeys(List.of(key)));

    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.detail()).contains("transparency log");
  }

  @Test
  void rejectsKeyedBundleWhoseLogEntryRecordsAnotherKey() {
    var signer = TestLog.ecKeyPair("secp256r1");
    var impostor = TestLog.ecKeyPair("secp256r1");
    var honest =
        new String(
            KeyedEvidence.messageBundle(LOG, signer, "SHA256withECDSA", Fixtures.manifest(SINGLE)),
            StandardCharsets.UTF_8);
    // Same signature and log entry, but the entry names the signer's key: verify with both keys
    // trusted, after swapping in a signature by the impostor over the same digest.
    var forged =
        KeyedEvidence.messageBundle(LOG, impostor, "SHA256withECDSA", Fixtures.manifest(SINGLE));
    var forgedSignature = signatureOf(new String(forged, StandardCharsets.UTF_8));
    var mixed = honest.replace(signatureOf(honest), forgedSignature);
    var keys =
        List.of(
            SigningKey.fromPem(TestLog.pem(signer.getPublic())),
            SigningKey.fromPem(TestLog.pem(impostor.getPublic())));

    var claim = verifyBundle(mixed.getBytes(StandardCharsets.UTF_8), ROOT.withKeys(keys));

    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.detail()).contains("records a different");
  }

  @Test
  void verifiesTheKitsKeyedSigLayersWithTheCosignKey() {
    for (var digest : List.of(SINGLE, INDEX)) {
      var claim = verify(digest, keyedSig(digest), Fixtures.trustWithCosignKey());

      assertThat(claim.status()).as(claim.detail()).isEqualTo(Status.VERIFIED);
      assertThat(claim.signer().keyHint()).isEqualTo(Fixtures.COSIGN_KEY_ID);
      assertThat(claim.detail()).contains("ECDSA P-256, logged");
    }
  }

  @Test
  void rejectsTheKitsKeyedSigLayerWithAnotherKey() {
    var other = SigningKey.fromPem(TestLog.pem(TestLog.ecKeyPair("secp256r1").getPublic()));

    var claim = verify(SINGLE, keyedSig(SINGLE), Fixtures.trust().withKeys(List.of(other)));

    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
  }

  @Test
  void refusesKeyedSigLayerOfTheIndexPresentedForTheSinglePlatformDigest() {
    var claim = verify(SINGLE, keyedSig(INDEX), Fixtures.trustWithCosignKey());

    assertThat(claim.rejection()).isEqualTo(Rejection.SUBJECT_MISMATCH);
  }

  @Test
  void rejectsKeyedSigLayerIntegratedAfterTheVerifiersClock() {
    var before = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);

    var claim =
        new SigstoreEvidenceVerifier(before)
            .verify(
                SINGLE,
                Fixtures.manifest(SINGLE),
                List.of(keyedSig(SINGLE)),
                Fixtures.trustWithCosignKey())
            .get(0);

    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.detail()).contains("in the future");
  }

  @Test
  void verifiesKeyedAttLayerSignedWithEd25519KeyAndLoggedAsIntoto() {
    var signer = TestLog.keyPair("Ed25519", 0);
    var payload = KeyedEvidence.statement(SINGLE.substring(7), "Müller GmbH");
    var key = SigningKey.fromPem(TestLog.pem(signer.getPublic()));

    var claim =
        verify(
            SINGLE,
            KeyedEvidence.attLayer(LOG, signer, "Ed25519", payload),
            ROOT.withKeys(List.of(key)));

    assertThat(claim.status()).as(claim.detail()).isEqualTo(Status.VERIFIED);
    assertThat(claim.signer().keyHint()).isEqualTo(key.id());
    assertThat(claim.predicateJson()).contains("Müller GmbH");
  }

  @Test
  void verifiesKeyedAttLayerWithoutRekorBundle() {
    var signer = TestLog.ecKeyPair("secp256r1");
    var payload = KeyedEvidence.statement(SINGLE.substring(7), "Acme");
    var key = SigningKey.fromPem(TestLog.pem(signer.getPublic()));

    var claim =
        verify(
            SINGLE,
            KeyedEvidence.attLayer(null, signer, "SHA256withECDSA", payload),
            ROOT.withKeys(List.of(key)));

    assertThat(claim.status()).as(claim.detail()).isEqualTo(Status.VERIFIED);
  }

  @Test
  void rejectsKeyedAttLayerWhosePayloadChangedAfterSigning() {
    var signer = TestLog.ecKeyPair("secp256r1");
    var payload = KeyedEvidence.statement(SINGLE.substring(7), "Acme");
    var layer = KeyedEvidence.attLayer(null, signer, "SHA256withECDSA", payload);
    var changed = KeyedEvidence.statement(SINGLE.substring(7), "Evil");
    var tampered =
        new EvidenceItem(
            layer.source(),
            layer.format(),
            layer.mediaType(),
            new String(layer.content(), StandardCharsets.UTF_8)
                .replace(TestLog.b64(payload), TestLog.b64(changed))
                .getBytes(StandardCharsets.UTF_8),
            layer.annotations());

    var claim =
        verify(
            SINGLE,
            tampered,
            ROOT.withKeys(List.of(SigningKey.fromPem(TestLog.pem(signer.getPublic())))));

    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.predicateType()).isNull();
  }

  @Test
  void rejectsAnOddlyShapedBundleWithoutStoppingTheOthers() throws Exception {
    var good = Fixtures.read("bundles/single/slsa-provenance.sigstore.json");
    var json = (ObjectNode) new ObjectMapper().readTree(good);
    ((ObjectNode) json.path("verificationMaterial").path("timestampVerificationData"))
        .putArray("rfc3161Timestamps")
        .add(42);
    var odd = json.toString();
    var items =
        List.of(
            Fixtures.bundleItem("odd", odd.getBytes(StandardCharsets.UTF_8), Map.of()),
            Fixtures.bundleItem("good", good, Map.of()));

    var claims = verifier.verify(SINGLE, Fixtures.manifest(SINGLE), items, Fixtures.trust());

    assertThat(claims.get(0).rejection()).isNotNull();
    assertThat(claims.get(1).status()).isEqualTo(Status.VERIFIED);
  }

  private Claim verifyBundle(byte[] bundle, TrustRoot trust) {
    return verify(SINGLE, Fixtures.bundleItem("test", bundle, Map.of()), trust);
  }

  private Claim verify(String digest, EvidenceItem item, TrustRoot trust) {
    return verifier.verify(digest, Fixtures.manifest(digest), List.of(item), trust).get(0);
  }

  private static EvidenceItem keyedSig(String digest) {
    return Fixtures.cosignLayers("oci/complete", digest, ".sig").stream()
        .filter(i -> !i.annotations().containsKey(CosignLayers.CERTIFICATE))
        .findFirst()
        .orElseThrow();
  }

  private static String signatureOf(String bundle) {
    var marker = "\"signature\":\"";
    var start = bundle.lastIndexOf(marker) + marker.length();
    return bundle.substring(start, bundle.indexOf('"', start));
  }
}
