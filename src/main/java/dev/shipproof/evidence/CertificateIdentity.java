package dev.shipproof.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * The keyless identity in a Fulcio certificate: the OIDC issuer (Fulcio extension) and the subject
 * alternative name (URI or e-mail).
 *
 * @param issuer OIDC issuer, or {@code null} when the certificate carries none
 * @param subject the SAN, or {@code null} when the certificate carries none
 */
record CertificateIdentity(String issuer, String subject) {
  /** Fulcio's issuer extension (V2): a DER UTF8String. */
  static final String ISSUER_V2_OID = "1.3.6.1.4.1.57264.1.8";

  /** Fulcio's first issuer extension: the raw UTF-8 bytes, no DER wrapping. */
  static final String ISSUER_V1_OID = "1.3.6.1.4.1.57264.1.1";

  private static final int SAN_EMAIL = 1;
  private static final int SAN_URI = 6;

  static CertificateIdentity of(X509Certificate cert) {
    return new CertificateIdentity(issuer(cert), subject(cert));
  }

  private static String issuer(X509Certificate cert) {
    var v2 = extensionOctets(cert, ISSUER_V2_OID);
    if (v2 != null) {
      try {
        if (ASN1Primitive.fromByteArray(v2) instanceof ASN1String text) {
          return text.getString();
        }
      } catch (IOException | IllegalArgumentException e) {
        // An unreadable V2 value falls through to the V1 extension, which older Fulcios write.
      }
    }
    var v1 = extensionOctets(cert, ISSUER_V1_OID);
    return v1 == null ? null : new String(v1, StandardCharsets.UTF_8);
  }

  private static byte[] extensionOctets(X509Certificate cert, String oid) {
    var wrapped = cert.getExtensionValue(oid);
    if (wrapped == null) {
      return null;
    }
    try {
      return ASN1OctetString.getInstance(wrapped).getOctets();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String subject(X509Certificate cert) {
    try {
      var names = cert.getSubjectAlternativeNames();
      if (names == null) {
        return null;
      }
      var uri = firstOfType(names, SAN_URI);
      return uri != null ? uri : firstOfType(names, SAN_EMAIL);
    } catch (CertificateParsingException e) {
      return null;
    }
  }

  private static String firstOfType(Iterable<List<?>> names, int type) {
    for (var name : names) {
      if (name.size() >= 2 && Integer.valueOf(type).equals(name.get(0))) {
        return String.valueOf(name.get(1));
      }
    }
    return null;
  }
}
