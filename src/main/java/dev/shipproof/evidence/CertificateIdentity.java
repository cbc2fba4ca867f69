package dev.shipproof.evidence;

import dev.shipproof.model.Claim.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * The keyless identity in a Fulcio certificate: the OIDC issuer (Fulcio extension), the subject
 * alternative name (URI or e-mail), and every other Fulcio extension ({@code
 * 1.3.6.1.4.1.57264.1.*}: GitHub workflow repository, ref, trigger, SHA, name, and their generic V2
 * successors such as source repository URI and build trigger).
 *
 * @param issuer OIDC issuer, or {@code null} when the certificate carries none
 * @param subject the SAN, or {@code null} when the certificate carries none
 * @param extensions each readable Fulcio extension as text, keyed by OID
 */
record CertificateIdentity(String issuer, String subject, Map<String, String> extensions) {
  /** Fulcio's issuer extension (V2): a DER UTF8String. */
  static final String ISSUER_V2_OID = "1.3.6.1.4.1.57264.1.8";

  /** Fulcio's first issuer extension: the raw UTF-8 bytes, no DER wrapping. */
  static final String ISSUER_V1_OID = "1.3.6.1.4.1.57264.1.1";

  /** Every Fulcio extension lives below this arc. */
  static final String FULCIO_ARC = "1.3.6.1.4.1.57264.1.";

  /**
   * Extensions {@code .1} to {@code .6} were written as raw UTF-8 bytes; from {@code .8} on Fulcio
   * wraps each value in a DER UTF8String. ({@code .7}, OtherName SAN, is not text.)
   */
  private static final int LAST_RAW_EXTENSION = 6;

  private static final int SAN_EMAIL = 1;
  private static final int SAN_URI = 6;

  static CertificateIdentity of(X509Certificate cert) {
    return new CertificateIdentity(issuer(cert), subject(cert), fulcioExtensions(cert));
  }

  /** The verified signer this identity names. */
  Signer signer() {
    return new Signer(issuer, subject, null, extensions);
  }

  private static Map<String, String> fulcioExtensions(X509Certificate cert) {
    var found = new TreeMap<String, String>();
    var oids = cert.getNonCriticalExtensionOIDs();
    if (oids == null) {
      return found;
    }
    for (var oid : oids) {
      if (!oid.startsWith(FULCIO_ARC)) {
        continue;
      }
      int arc;
      try {
        arc = Integer.parseInt(oid.substring(FULCIO_ARC.length()));
      } catch (NumberFormatException e) {
        continue;
      }
      var octets = extensionOctets(cert, oid);
      if (octets == null || arc == 7) {
        continue;
      }
      var text =
          arc <= LAST_RAW_EXTENSION ? new String(octets, StandardCharsets.UTF_8) : der(octets);
      if (text != null) {
        found.put(oid, text);
      }
    }
    return found;
  }

  private static String der(byte[] octets) {
    try {
      return ASN1Primitive.fromByteArray(octets) instanceof ASN1String text
          ? text.getString()
          : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
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
