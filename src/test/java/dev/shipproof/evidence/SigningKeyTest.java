package dev.shipproof.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SigningKeyTest {
  private static final byte[] DATA = "payload".getBytes(StandardCharsets.UTF_8);

  @Test
  void namesTheKitCosignKeyByTheSha256OfItsSubjectPublicKeyInfo() {
    var key = Fixtures.cosignKey();

    assertThat(key.id()).isEqualTo(Fixtures.COSIGN_KEY_ID);
    assertThat(key.shortId()).isEqualTo("8e8c39d4b228");
    assertThat(key.describe()).isEqualTo("ECDSA P-256");
  }

  @Test
  void verifiesEcdsaP384WithSha384AndSha256() {
    var pair = TestLog.ecKeyPair("secp384r1");
    var key = SigningKey.fromPem(TestLog.pem(pair.getPublic()));

    assertThat(key.describe()).isEqualTo("ECDSA P-384");
    for (var algorithm : new String[] {"SHA384withECDSA", "SHA256withECDSA"}) {
      var signature = TestLog.sign(algorithm, pair.getPrivate(), DATA);
      assertThat(Signatures.verify(key.key(), DATA, signature)).as(algorithm).isTrue();
    }
  }

  @Test
  void verifiesEd25519() {
    var pair = TestLog.keyPair("Ed25519", 0);
    var key = SigningKey.fromPem(TestLog.pem(pair.getPublic()));

    assertThat(Signatures.verify(key.key(), DATA, TestLog.sign("Ed25519", pair.getPrivate(), DATA)))
        .isTrue();
    assertThat(
            Signatures.verify(
                key.key(), "other".getBytes(), TestLog.sign("Ed25519", pair.getPrivate(), DATA)))
        .isFalse();
  }

  @Test
  void verifiesRsaPkcs1AndPssWithEitherSaltLength() throws Exception {
    var pair = TestLog.keyPair("RSA", 2048);
    var key = SigningKey.fromPem(TestLog.pem(pair.getPublic()));

    assertThat(
            Signatures.verify(
                key.key(), DATA, TestLog.sign("SHA256withRSA", pair.getPrivate(), DATA)))
        .isTrue();
    for (var salt : new int[] {32, 256 - 32 - 2}) {
      assertThat(Signatures.verify(key.key(), DATA, pss(pair, salt))).as("salt " + salt).isTrue();
    }
  }

  @Test
  void verifiesMessageSignaturesFromTheDigestForEcdsaAndRsa() {
    var digest = CosignLayers.sha256(DATA);
    for (var pair : new KeyPair[] {TestLog.ecKeyPair("secp256r1"), TestLog.keyPair("RSA", 2048)}) {
      var algorithm =
          pair.getPublic().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      var signature = TestLog.sign(algorithm, pair.getPrivate(), DATA);

      assertThat(Signatures.verifyDigest(pair.getPublic(), digest, signature))
          .as(algorithm)
          .isTrue();
      assertThat(Signatures.verifyDigest(pair.getPublic(), new byte[32], signature)).isFalse();
    }
  }

  @Test
  void refusesCurvesOtherThanP256AndP384() {
    var pem = TestLog.pem(TestLog.ecKeyPair("secp521r1").getPublic());

    assertThatThrownBy(() -> SigningKey.fromPem(pem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use P-256 or P-384");
  }

  @Test
  void refusesRsaKeysShorterThan2048Bits() {
    var pem = TestLog.pem(TestLog.keyPair("RSA", 1024).getPublic());

    assertThatThrownBy(() -> SigningKey.fromPem(pem)).hasMessageContaining("at least 2048");
  }

  @Test
  void refusesOtherAlgorithms() {
    var pem = TestLog.pem(TestLog.keyPair("X25519", 0).getPublic());

    assertThatThrownBy(() -> SigningKey.fromPem(pem)).hasMessageContaining("is not supported");
  }

  @Test
  void refusesBytesThatAreNoSubjectPublicKeyInfo() {
    var pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + HexFormat.of().formatHex(new byte[9])
            + "\n-----END PUBLIC KEY-----";

    assertThatThrownBy(() -> SigningKey.fromPem(pem)).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] pss(KeyPair pair, int salt) throws Exception {
    var signature = Signature.getInstance("RSASSA-PSS");
    signature.setParameter(
        new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
    signature.initSign(pair.getPrivate());
    signature.update(DATA);
    return signature.sign();
  }
}
