package dev.shipproof.evidence;

import static dev.shipproof.evidence.Fixtures.ACME_SAN;
import static dev.shipproof.evidence.Fixtures.GITHUB_ISSUER;
import static dev.shipproof.evidence.Fixtures.INDEX;
import static dev.shipproof.evidence.Fixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Rejection;
import dev.shipproof.model.Claim.Status;
import dev.shipproof.model.EvidenceItem;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CosignSignatureVerifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SigstoreEvidenceVerifier verifier = new SigstoreEvidenceVerifier();

  private static EvidenceItem keylessSig(String digest) {
    return Fixtures.cosignLayers("oci/complete", digest, ".sig").stream()
        .filter(i -> i.annotations().containsKey(CosignLayers.CERTIFICATE))
        .findFirst()
        .orElseThrow();
  }

  private Claim verify(String digest, EvidenceItem item) {
    return verifier
        .verify(digest, Fixtures.manifest(digest), List.of(item), Fixtures.trust())
        .get(0);
  }

  private static EvidenceItem withNote(EvidenceItem item, String key, String value) {
    var notes = new HashMap<>(item.annotations());
    notes.put(key, value);
    return new EvidenceItem(item.source(), item.format(), item.mediaType(), item.content(), notes);
  }

  @Test
  void verifiesKeylessSigLayersForTheirDigest() {
    for (var digest : List.of(SINGLE, INDEX)) {
      var claim = verify(digest, keylessSig(digest));

      assertThat(claim.status()).as(claim.detail()).isEqualTo(Status.VERIFIED);
      assertThat(claim.kind()).isEqualTo(Claim.Kind.SIGNATURE);
      assertThat(claim.signer().subject()).isEqualTo(ACME_SAN);
      assertThat(claim.signer().issuer()).isEqualTo(GITHUB_ISSUER);
    }
  }

  @Test
  void reportsKeyedSigLayerAsUnsupportedWhenThePolicyNamesNoKey() {
    var keyed =
        Fixtures.cosignLayers("oci/complete", SINGLE, ".sig").stream()
            .filter(i -> !i.annotations().containsKey(CosignLayers.CERTIFICATE))
            .findFirst()
            .orElseThrow();

    var claim = verify(SINGLE, keyed);

    assertThat(claim.rejection()).isEqualTo(Rejection.UNSUPPORTED);
    assertThat(claim.detail()).isEqualTo(CosignLayers.KEYED);
  }

  @Test
  void refusesSigLayerOfTheIndexPresentedForTheSinglePlatformDigest() {
    var claim = verify(SINGLE, keylessSig(INDEX));

    assertThat(claim.rejection()).isEqualTo(Rejection.SUBJECT_MISMATCH);
    assertThat(claim.detail()).isEqualTo("the cosign payload signs " + INDEX + ", not " + SINGLE);
  }

  @Test
  void refusesPayloadChangedAfterSigning() {
    var item = keylessSig(SINGLE);
    var changed =
        new String(item.content(), StandardCharsets.UTF_8)
            .replace("ghcr.io/acme/api", "ghcr.io/acme/apx")
            .getBytes(StandardCharsets.UTF_8);

    var claim =
        verify(
            SINGLE,
            new EvidenceItem(
                item.source(), item.format(), item.mediaType(), changed, item.annotations()));

    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.detail()).startsWith("signature invalid: the signature does not match");
  }

  @Test
  void refusesRekorBundleWhoseIntegratedTimeWasChanged() throws Exception {
    var item = keylessSig(SINGLE);
    var bundle = (ObjectNode) JSON.readTree(item.annotations().get(CosignLayers.REKOR_BUNDLE));
    ((ObjectNode) bundle.path("Payload")).put("integratedTime", 1793610100L);

    var claim = verify(SINGLE, withNote(item, CosignLayers.REKOR_BUNDLE, bundle.toString()));

    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.detail()).contains("signed entry timestamp does not verify");
  }

  @Test
  void refusesSignatureMadeWithAnotherKey() {
    var item = keylessSig(SINGLE);
    var other = keylessSig(INDEX).annotations().get(CosignLayers.SIGNATURE);

    var claim = verify(SINGLE, withNote(item, CosignLayers.SIGNATURE, other));

    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.signer()).isNull();
  }

  @Test
  void refusesSigLayerWithoutRekorBundle() {
    var item = keylessSig(SINGLE);
    var notes = new HashMap<>(item.annotations());
    notes.remove(CosignLayers.REKOR_BUNDLE);

    var claim =
        verify(
            SINGLE,
            new EvidenceItem(
                item.source(), item.format(), item.mediaType(), item.content(), notes));

    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.detail()).contains("carries no transparency log bundle");
  }

  @Test
  void sigstoreJavaAloneCannotReadASigLayerRebuiltAsBundle() throws Exception {
    // cosign's Rekor bundle annotation has a signed entry timestamp but no inclusion proof.
    // Rebuilt into a v0.1 Sigstore bundle (valid per the bundle spec), Bundle.from refuses it,
    // which is why CosignSignatureVerifier checks the parts itself.
    var item = keylessSig(SINGLE);
    var notes = item.annotations();
    var rekor = JSON.readTree(notes.get(CosignLayers.REKOR_BUNDLE));
    var pem =
        notes
            .get(CosignLayers.CERTIFICATE)
            .replaceAll("-----[A-Z ]+-----", "")
            .replaceAll("\\s", "");
    var payload = rekor.path("Payload");
    var bundle = JSON.createObjectNode();
    bundle.put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.1");
    var material = bundle.putObject("verificationMaterial");
    material
        .putObject("x509CertificateChain")
        .putArray("certificates")
        .addObject()
        .put("rawBytes", pem);
    var entry = material.putArray("tlogEntries").addObject();
    entry.put("logIndex", payload.path("logIndex").asText());
    entry
        .putObject("logId")
        .put(
            "keyId",
            Base64.getEncoder()
                .encodeToString(HexFormat.of().parseHex(payload.path("logID").asText())));
    entry.putObject("kindVersion").put("kind", "hashedrekord").put("version", "0.0.1");
    entry.put("integratedTime", payload.path("integratedTime").asText());
    entry
        .putObject("inclusionPromise")
        .put("signedEntryTimestamp", rekor.path("SignedEntryTimestamp").asText());
    entry.put("canonicalizedBody", payload.path("body").asText());
    var signature = bundle.putObject("messageSignature");
    signature
        .putObject("messageDigest")
        .put("algorithm", "SHA2_256")
        .put(
            "digest",
            Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(item.content())));
    signature.put("signature", notes.get(CosignLayers.SIGNATURE));

    assertThatThrownBy(() -> Bundle.from(new StringReader(bundle.toString())))
        .isInstanceOf(BundleParseException.class)
        .hasMessageContaining("inclusion proof");
    assertThat(verify(SINGLE, item).status()).isEqualTo(Status.VERIFIED);
  }
}
