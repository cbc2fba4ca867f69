package dev.shipproof.evidence;

import static dev.shipproof.evidence.Fixtures.INDEX;
import static dev.shipproof.evidence.Fixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.KeySigner;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.SignerSpec;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.policy.KitPolicy;
import dev.shipproof.policy.PolicyEvaluator;
import dev.shipproof.promote.PolicyKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kit's complete layout judged by a policy that trusts only {@code trust/cosign.pub}: the keyed
 * message-signature referrer and the keyed {@code .sig} layer satisfy it, keyless evidence does
 * not.
 */
class KeyedScenarioTest {
  private final SigstoreEvidenceVerifier verifier = new SigstoreEvidenceVerifier();
  private final PolicyEvaluator evaluator = new PolicyEvaluator();

  @Test
  void keyedPolicyAcceptsTheKitsKeyedSignaturesForBothDigests() {
    var policy = keyPolicy(new String(Fixtures.read("trust/cosign.pub"), StandardCharsets.UTF_8));
    for (var digest : List.of(SINGLE, INDEX)) {
      var decision = evaluator.evaluate(policy, claims(digest, policy));

      assertThat(decision.allowed()).as(decision.message()).isTrue();
      var record = decision.evidenceRecords().get(0);
      assertThat(record.getSigner()).isEqualTo("key " + Fixtures.COSIGN_KEY_ID);
    }
  }

  @Test
  void keyedPolicyRefusesWhenOnlyAnotherKeyIsTrusted() {
    var other = TestLog.pem(TestLog.ecKeyPair("secp256r1").getPublic());
    var policy = keyPolicy(other);

    var decision = evaluator.evaluate(policy, claims(SINGLE, policy));

    // The keyless signatures verify but name no signer of this policy: that is as far as any
    // candidate gets; the keyed ones do not verify with the trusted key at all.
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
    assertThat(decision.message()).contains("verifies with none of the policy's public keys");
  }

  @Test
  void keylessPolicyStillRefusesKeyedEvidenceEvenWhenAKeyIsTrustedElsewhere() {
    var policy = KitPolicy.policy();
    policy.setAttestations(new ArrayList<>());
    var keyedOnly =
        allEvidence(SINGLE).stream()
            .filter(i -> !i.annotations().containsKey(CosignLayers.CERTIFICATE))
            .filter(i -> i.format() != EvidenceItem.Format.SIGSTORE_BUNDLE || isKeyed(i))
            .toList();
    var claims =
        verifier.verify(
            SINGLE, Fixtures.manifest(SINGLE), keyedOnly, Fixtures.trustWithCosignKey());

    var decision = evaluator.evaluate(policy, claims);

    assertThat(claims).allMatch(c -> c.verified());
    assertThat(decision.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
  }

  private List<dev.shipproof.model.Claim> claims(String digest, PolicySpec policy) {
    var trust = Fixtures.trust().withKeys(PolicyKeys.of(policy));
    return verifier.verify(digest, Fixtures.manifest(digest), allEvidence(digest), trust);
  }

  private static List<EvidenceItem> allEvidence(String digest) {
    var items = new ArrayList<>(Fixtures.referrers("oci/complete", digest));
    items.addAll(Fixtures.cosignLayers("oci/complete", digest, ".sig"));
    items.addAll(Fixtures.cosignLayers("oci/complete", digest, ".att"));
    return items;
  }

  private static boolean isKeyed(EvidenceItem item) {
    return new String(item.content(), StandardCharsets.UTF_8).contains("\"publicKey\"");
  }

  private static PolicySpec keyPolicy(String pem) {
    var key = new KeySigner();
    key.setPem(pem);
    var signer = new SignerSpec();
    signer.setKey(key);
    var policy = new PolicySpec();
    policy.setSignatures(new ArrayList<>(List.of(signer)));
    return policy;
  }
}
