package dev.shipproof.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Reading the identity and the Fulcio claims of a certificate built like Fulcio builds them. */
class CertificateIdentityTest {
  static final String SAN =
      "https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main";

  /** A certificate with the legacy raw extensions (.1 to .6) and the V2 DER ones (.8 and up). */
  static X509Certificate fulcioLike() throws Exception {
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    var keys = generator.generateKeyPair();
    var now = Instant.parse("2026-11-02T09:00:00Z");
    var builder =
        new JcaX509v3CertificateBuilder(
            new X500Name("O=sigstore.dev, CN=sigstore-intermediate"),
            BigInteger.ONE,
            Date.from(now),
            Date.from(now.plus(10, ChronoUnit.MINUTES)),
            new X500Name(""),
            keys.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        true,
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, SAN)));
    raw(builder, "1", "https://token.actions.githubusercontent.com");
    raw(builder, "2", "push");
    raw(builder, "3", "0123456789abcdef0123456789abcdef01234567");
    raw(builder, "4", "release");
    raw(builder, "5", "acme/api");
    raw(builder, "6", "refs/heads/main");
    der(builder, "8", "https://token.actions.githubusercontent.com");
    der(builder, "12", "https://github.com/acme/api");
    der(builder, "20", "push");
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static void raw(JcaX509v3CertificateBuilder builder, String arc, String value)
      throws Exception {
    builder.addExtension(
        new ASN1ObjectIdentifier(CertificateIdentity.FULCIO_ARC + arc),
        false,
        new DEROctetString(value.getBytes(StandardCharsets.UTF_8)).getOctets());
  }

  private static void der(JcaX509v3CertificateBuilder builder, String arc, String value)
      throws Exception {
    builder.addExtension(
        new ASN1ObjectIdentifier(CertificateIdentity.FULCIO_ARC + arc),
        false,
        new DERUTF8String(value));
  }

  @Test
  void readsIssuerSubjectAndEveryFulcioClaim() throws Exception {
    var identity = CertificateIdentity.of(fulcioLike());

    assertThat(identity.issuer()).isEqualTo("https://token.actions.githubusercontent.com");
    assertThat(identity.subject()).isEqualTo(SAN);
    assertThat(identity.extensions())
        .containsEntry("1.3.6.1.4.1.57264.1.2", "push")
        .containsEntry("1.3.6.1.4.1.57264.1.3", "0123456789abcdef0123456789abcdef01234567")
        .containsEntry("1.3.6.1.4.1.57264.1.4", "release")
        .containsEntry("1.3.6.1.4.1.57264.1.5", "acme/api")
        .containsEntry("1.3.6.1.4.1.57264.1.6", "refs/heads/main")
        .containsEntry("1.3.6.1.4.1.57264.1.12", "https://github.com/acme/api")
        .containsEntry("1.3.6.1.4.1.57264.1.20", "push");
  }

  @Test
  void theSignerCarriesTheClaimsToThePolicy() throws Exception {
    var signer = CertificateIdentity.of(fulcioLike()).signer();

    assertThat(signer.subject()).isEqualTo(SAN);
    assertThat(signer.keyHint()).isNull();
    assertThat(signer.extension("1.3.6.1.4.1.57264.1.5")).isEqualTo("acme/api");
  }

  @Test
  void theKitsCertificatesYieldTheirIssuerClaim() {
    var claims =
        new SigstoreEvidenceVerifier()
            .verify(
                Fixtures.SINGLE,
                Fixtures.manifest(Fixtures.SINGLE),
                java.util.List.of(
                    Fixtures.bundleItem(
                        "referrer sha256:c39819e94b93",
                        Fixtures.read("bundles/single/message-signature.sigstore.json"),
                        java.util.Map.of())),
                Fixtures.trust());

    assertThat(claims.get(0).verified()).as(claims.get(0).detail()).isTrue();
    assertThat(claims.get(0).signer().extensions())
        .containsEntry("1.3.6.1.4.1.57264.1.8", Fixtures.GITHUB_ISSUER);
  }
}
