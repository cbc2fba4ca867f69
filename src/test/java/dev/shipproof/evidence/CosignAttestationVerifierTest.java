package dev.shipproof.evidence;

import static dev.shipproof.evidence.Fixtures.ACME_SAN;
import static dev.shipproof.evidence.Fixtures.INDEX;
import static dev.shipproof.evidence.Fixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Rejection;
import dev.shipproof.model.Claim.Status;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.policy.KitPolicy;
import dev.shipproof.policy.PolicyEvaluator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class CosignAttestationVerifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SigstoreEvidenceVerifier verifier = new SigstoreEvidenceVerifier();

  private List<Claim> verify(String digest, List<EvidenceItem> items) {
    return verifier.verify(digest, Fixtures.manifest(digest), items, Fixtures.trust());
  }

  private static EvidenceItem slsaLayer(String digest) {
    return Fixtures.cosignLayers("oci/complete", digest, ".att").stream()
        .filter(i -> KitPolicy.SLSA.equals(i.annotations().get("predicateType")))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void verifiesEveryKeylessAttLayerWithTheTypeFromTheSignedStatement() {
    var layers = Fixtures.cosignLayers("oci/complete", SINGLE, ".att");

    var claims = verify(SINGLE, layers);

    assertThat(claims)
        .hasSize(3)
        .allSatisfy(
            c -> {
              assertThat(c.status()).as(c.detail()).isEqualTo(Status.VERIFIED);
              assertThat(c.signer().subject()).isEqualTo(ACME_SAN);
              assertThat(c.predicateJson()).startsWith("{");
            });
    assertThat(claims)
        .extracting(Claim::predicateType)
        .containsExactlyInAnyOrder(KitPolicy.SLSA, KitPolicy.TEST_RESULT, KitPolicy.SPDX);
  }

  @Test
  void ignoresThePredicateTypeAnnotation() {
    var layer = slsaLayer(SINGLE);
    var notes = new HashMap<>(layer.annotations());
    notes.put("predicateType", KitPolicy.TEST_RESULT);

    var claim =
        verify(
                SINGLE,
                List.of(
                    new EvidenceItem(
                        layer.source(), layer.format(), layer.mediaType(), layer.content(), notes)))
            .get(0);

    assertThat(claim.predicateType()).isEqualTo(KitPolicy.SLSA);
  }

  @Test
  void refusesAttLayerOfTheIndexPresentedForTheSinglePlatformDigest() {
    var claim = verify(SINGLE, List.of(slsaLayer(INDEX))).get(0);

    assertThat(claim.rejection()).isEqualTo(Rejection.SUBJECT_MISMATCH);
    assertThat(claim.detail()).contains("it names " + INDEX);
  }

  @Test
  void refusesStatementChangedAfterSigning() throws Exception {
    var layer = slsaLayer(SINGLE);
    var envelope = (ObjectNode) JSON.readTree(layer.content());
    var statement =
        new String(
                Base64.getDecoder().decode(envelope.path("payload").asText()),
                StandardCharsets.UTF_8)
            .replace("github-hosted", "Github-hosted");
    envelope.put(
        "payload", Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8)));

    var claim =
        verify(
                SINGLE,
                List.of(
                    new EvidenceItem(
                        layer.source(),
                        layer.format(),
                        layer.mediaType(),
                        JSON.writeValueAsBytes(envelope),
                        layer.annotations())))
            .get(0);

    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.predicateType()).isNull();
    assertThat(claim.detail()).startsWith("signature invalid: the signature does not match");
  }

  @Test
  void legacyCosignTagsAloneSatisfyTheKitPolicy() {
    var items = new ArrayList<EvidenceItem>();
    items.addAll(Fixtures.cosignLayers("oci/complete", SINGLE, ".sig"));
    items.addAll(Fixtures.cosignLayers("oci/complete", SINGLE, ".att"));

    var decision = new PolicyEvaluator().evaluate(KitPolicy.policy(), verify(SINGLE, items));

    assertThat(decision.reason()).as(decision.message()).isEqualTo(Reasons.EVIDENCE_VERIFIED);
    assertThat(decision.evidenceRecords())
        .allSatisfy(r -> assertThat(r.getSource()).startsWith("sha256-fef24f66563c"));
  }
}
