package dev.shipproof.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.KeySigner;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.SecretKeyRef;
import dev.shipproof.api.v1alpha1.SignerSpec;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Kind;
import dev.shipproof.model.Claim.Signer;
import dev.shipproof.model.Claim.Status;
import dev.shipproof.model.PublicKeyPem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySignerMatchTest {
  /** The evidence kit's trust/cosign.pub. */
  static final String COSIGN_PUB =
      """
      -----BEGIN PUBLIC KEY-----
      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqZ9UxADsAXjahWg8jT2dHJntewRL
      1BGFeBq3iu98o3NcDEMzlJv6v0BrVMxZhsPzFV50XTtfyVsXAtayKatuJQ==
      -----END PUBLIC KEY-----
      """;

  static final String COSIGN_KEY_ID =
      "8e8c39d4b228313dedd588e4c6293cb75e3ce6cd09c2e074dbb0790f6119e2fe";

  private final PolicyEvaluator evaluator = new PolicyEvaluator();

  @Test
  void keyIdIsTheSha256OfTheSubjectPublicKeyInfo() {
    assertThat(PublicKeyPem.keyId(COSIGN_PUB)).isEqualTo(COSIGN_KEY_ID);
  }

  @Test
  void allowsSignatureVerifiedWithThePolicysKey() {
    var decision = evaluator.evaluate(keyPolicy(pem(COSIGN_PUB)), List.of(signedBy(COSIGN_KEY_ID)));

    assertThat(decision.allowed()).as(decision.message()).isTrue();
    assertThat(decision.satisfied().get(0).claim().signer().keyHint()).isEqualTo(COSIGN_KEY_ID);
  }

  @Test
  void refusesSignatureVerifiedWithAnotherKey() {
    var decision =
        evaluator.evaluate(keyPolicy(pem(COSIGN_PUB)), List.of(signedBy("ab".repeat(32))));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
  }

  @Test
  void keylessClaimNeverMatchesAKeySigner() {
    var keyless =
        new Claim(
            "ref",
            Kind.SIGNATURE,
            null,
            null,
            new Signer("https://issuer", "https://github.com/acme/api", null),
            Status.VERIFIED,
            null,
            "ok");

    var decision = evaluator.evaluate(keyPolicy(pem(COSIGN_PUB)), List.of(keyless));

    assertThat(decision.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
  }

  @Test
  void refusesAKeySignerWhoseSecretWasNotReadFirst() {
    var key = new KeySigner();
    var ref = new SecretKeyRef();
    ref.setName("cosign");
    key.setSecretRef(ref);

    var decision = evaluator.evaluate(keyPolicy(key), List.of(signedBy(COSIGN_KEY_ID)));

    assertThat(decision.reason()).isEqualTo(Reasons.POLICY_DENIED);
    assertThat(decision.message()).contains("signatures[0].key has no PEM text");
  }

  @Test
  void refusesAKeySignerWhosePemIsNoPublicKey() {
    var decision =
        evaluator.evaluate(
            keyPolicy(pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")),
            List.of(signedBy(COSIGN_KEY_ID)));

    assertThat(decision.reason()).isEqualTo(Reasons.POLICY_DENIED);
    assertThat(decision.message()).contains("signatures[0].key is not a PEM public key");
  }

  static KeySigner pem(String text) {
    var key = new KeySigner();
    key.setPem(text);
    return key;
  }

  static PolicySpec keyPolicy(KeySigner key) {
    var signer = new SignerSpec();
    signer.setKey(key);
    var policy = new PolicySpec();
    policy.setSignatures(new ArrayList<>(List.of(signer)));
    return policy;
  }

  private static Claim signedBy(String keyId) {
    return new Claim(
        "sha256-x.sig",
        Kind.SIGNATURE,
        null,
        null,
        new Signer(null, null, keyId),
        Status.VERIFIED,
        null,
        "cosign .sig layer");
  }
}
