package dev.shipproof.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

class PublicKeyPemTest {

  @Test
  void readsPkcs1RsaKeyAsTheSameKeyIdAsItsSubjectPublicKeyInfo() throws Exception {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    var spki = generator.generateKeyPair().getPublic().getEncoded();
    var pkcs1 = SubjectPublicKeyInfo.getInstance(spki).parsePublicKey().getEncoded();

    var fromPkcs1 = PublicKeyPem.keyId(pem("RSA PUBLIC KEY", pkcs1));

    assertThat(fromPkcs1).isEqualTo(PublicKeyPem.keyId(pem("PUBLIC KEY", spki)));
    assertThat(fromPkcs1)
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)));
  }

  @Test
  void refusesTextWithoutPemBlock() {
    assertThatThrownBy(() -> PublicKeyPem.keyId("ssh-ed25519 AAAA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no PEM block");
  }

  @Test
  void refusesPrivateKeysAndCertificates() {
    assertThatThrownBy(() -> PublicKeyPem.keyId(pem("EC PRIVATE KEY", new byte[] {1, 2})))
        .hasMessageContaining("not a PUBLIC KEY");
    assertThatThrownBy(() -> PublicKeyPem.keyId(pem("CERTIFICATE", new byte[] {1, 2})))
        .hasMessageContaining("not a PUBLIC KEY");
  }

  @Test
  void refusesTwoKeysInOneText() {
    var one = pem("PUBLIC KEY", new byte[] {1, 2, 3});

    assertThatThrownBy(() -> PublicKeyPem.keyId(one + one))
        .hasMessageContaining("more than one block");
  }

  @Test
  void shortensKeyIdsForPeople() {
    assertThat(PublicKeyPem.shortId("8e8c39d4b228313dedd588e4")).isEqualTo("8e8c39d4b228");
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }
}
