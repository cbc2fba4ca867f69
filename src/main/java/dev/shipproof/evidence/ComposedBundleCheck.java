package dev.shipproof.evidence;

import static dev.shipproof.evidence.BundleJson.base64;
import static dev.shipproof.evidence.BundleJson.object;
import static dev.shipproof.evidence.BundleJson.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.shipproof.evidence.CosignLayers.Refusal;
import dev.shipproof.model.Claim.Rejection;
import dev.shipproof.model.Claim.Signer;
import dev.shipproof.model.PublicKeyPem;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.fulcio.client.FulcioVerificationException;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorParseException;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.timestamp.client.ImmutableTimestampResponse;
import dev.sigstore.timestamp.client.TimestampException;
import dev.sigstore.timestamp.client.TimestampVerificationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies a Sigstore bundle step by step with sigstore-java's parts, for the bundles its {@code
 * KeylessVerifier} cannot take: keyed bundles (a {@code publicKey} hint instead of a certificate,
 * which {@code Bundle.from} refuses), and DSSE bundles, whose pre-authentication encoding
 * sigstore-java 2.0.0 builds with the payload's character count instead of its byte count, and
 * whose log entries it reads only as {@code dsse} 0.0.1 (not {@code intoto} 0.0.2, nor Rekor v2's
 * hashedrekord over the DSSE encoding).
 *
 * <p>Steps: the certificate chain and SCT ({@code FulcioVerifier}) or a policy key; the signature
 * over the artifact digest or the DSSE encoding; the first transparency log entry (inclusion proof
 * and checkpoint, or for v0.1 the signed entry timestamp) against the trusted root; that the entry
 * records this signature, digest and key; RFC 3161 timestamps; and the signed times (see {@link
 * SignedTimeCheck}).
 */
final class ComposedBundleCheck {
  private ComposedBundleCheck() {}

  /**
   * What a bundle proves once every step passed.
   *
   * @param signer the certificate identity, or the key id for a keyed bundle
   * @param signedDigest for a message signature, the hex SHA-256 it signs; {@code null} for DSSE
   * @param payload for DSSE, the payload bytes (trusted now); {@code null} for a message signature
   */
  record Verified(Signer signer, String signedDigest, byte[] payload) {}

  /** The signed content: what the signature covers and what the log entry must record. */
  private record Content(byte[] signature, byte[] digest, DsseEnvelope dsse) {}

  static Verified verify(
      JsonObject bundle, BundleVersion version, String artifactHex, TrustRoot trust, Clock clock)
      throws Refusal {
    var material = object(bundle, "verificationMaterial");
    var content = content(bundle, artifactHex);
    CertPath path = null;
    X509Certificate leaf = null;
    SigningKey key = null;
    if (material.has("publicKey")) {
      key = keyThatSigned(content, trust);
    } else {
      path = certPath(material);
      leaf = (X509Certificate) path.getCertificates().get(0);
      checkChain(path, trust);
      if (!signs(leaf.getPublicKey(), content)) {
        throw CosignLayers.signatureMismatch();
      }
    }
    var entry = firstEntry(material);
    var body = checkEntry(entry, version, trust);
    LoggedContent.check(body, content.signature(), content.digest(), content.dsse(), leaf, key);
    var stamped = timestamps(bundle, content.signature(), leaf, trust, clock);
    checkSignedTime(entry, leaf, stamped, trust, clock);
    var signer = leaf != null ? signerOf(leaf) : new Signer(null, null, key.id());
    return content.dsse() == null
        ? new Verified(signer, HexFormat.of().formatHex(content.digest()), null)
        : new Verified(signer, null, content.dsse().payload());
  }

  private static Content content(JsonObject bundle, String artifactHex) throws Refusal {
    if (bundle.has("dsseEnvelope")) {
      var dsse = DsseEnvelope.parse(bundle.get("dsseEnvelope"));
      return new Content(dsse.signature(), CosignLayers.sha256(dsse.pae()), dsse);
    }
    var signature = object(bundle, "messageSignature");
    var digest = HexFormat.of().parseHex(artifactHex);
    if (signature.has("messageDigest")) {
      var named = object(signature, "messageDigest");
      if (!"SHA2_256".equals(text(named, "algorithm"))) {
        throw new Refusal(
            Rejection.UNSUPPORTED,
            "the message signature uses digest algorithm "
                + text(named, "algorithm")
                + "; only SHA2_256 is supported");
      }
      digest = base64(text(named, "digest"), "message digest");
    }
    return new Content(base64(text(signature, "signature"), "signature"), digest, null);
  }

  private static boolean signs(PublicKey key, Content content) {
    return content.dsse() != null
        ? Signatures.verify(key, content.dsse().pae(), content.signature())
        : Signatures.verifyDigest(key, content.digest(), content.signature());
  }

  /**
   * The policy key whose signature this is; the bundle's hint is unsigned, so every key is tried.
   */
  private static SigningKey keyThatSigned(Content content, TrustRoot trust) throws Refusal {
    if (trust.keys().isEmpty()) {
      throw new Refusal(Rejection.UNSUPPORTED, CosignLayers.KEYED);
    }
    for (var key : trust.keys()) {
      if (signs(key.key(), content)) {
        return key;
      }
    }
    throw CosignLayers.noKeySigned(trust);
  }

  private static CertPath certPath(JsonObject material) throws Refusal {
    var raw = new ArrayList<byte[]>();
    if (material.has("certificate")) {
      raw.add(base64(text(object(material, "certificate"), "rawBytes"), "certificate"));
    } else if (material.has("x509CertificateChain")) {
      var chain = object(material, "x509CertificateChain").get("certificates");
      if (chain != null && chain.isJsonArray()) {
        for (JsonElement cert : chain.getAsJsonArray()) {
          raw.add(base64(text(cert.getAsJsonObject(), "rawBytes"), "certificate"));
        }
      }
    }
    if (raw.isEmpty()) {
      throw new Refusal(
          Rejection.MALFORMED, "the bundle carries neither a certificate nor a public key hint");
    }
    try {
      var factory = CertificateFactory.getInstance("X.509");
      var certificates = new ArrayList<Certificate>();
      for (var der : raw) {
        certificates.add(factory.generateCertificate(new ByteArrayInputStream(der)));
      }
      return factory.generateCertPath(certificates);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new Refusal(Rejection.MALFORMED, "the bundle's certificate is not X.509 DER");
    }
  }

  private static void checkChain(CertPath path, TrustRoot trust) throws Refusal {
    try {
      trust.fulcioVerifier().verifySigningCertificate(path);
    } catch (FulcioVerificationException | IOException | RuntimeException e) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          FailureSentences.forVerificationFailure(
              new IOException("Fulcio certificate was not valid: " + e.getMessage())));
    }
  }

  private static RekorEntry firstEntry(JsonObject material) throws Refusal {
    var entries = material.get("tlogEntries");
    if (entries == null || !entries.isJsonArray() || entries.getAsJsonArray().isEmpty()) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID, "the bundle carries no transparency log entry");
    }
    try {
      return RekorEntry.fromTLogEntryJson(entries.getAsJsonArray().get(0).toString());
    } catch (RekorParseException | RuntimeException e) {
      throw new Refusal(Rejection.MALFORMED, "the bundle's transparency log entry is unreadable");
    }
  }

  /** Verifies the entry against the trusted logs and returns its decoded body. */
  private static JsonObject checkEntry(RekorEntry entry, BundleVersion version, TrustRoot trust)
      throws Refusal {
    if (entry.getLogIndex() < 0) {
      throw new Refusal(Rejection.MALFORMED, "the transparency log entry has a negative index");
    }
    var proof = entry.getVerification().getInclusionProof();
    if (proof == null && version.requiresInclusionProof()) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          "the transparency log entry carries no inclusion proof, which bundle "
              + version
              + " requires");
    }
    try {
      if (proof != null) {
        trust.rekorVerifier().verifyEntry(entry);
      } else {
        checkSignedEntryTimestamp(entry, trust);
      }
    } catch (RekorVerificationException | RuntimeException e) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          FailureSentences.forVerificationFailure(
              new IOException("Transparency log entry could not be verified", e)));
    }
    return LoggedContent.body(entry);
  }

  private static void checkSignedEntryTimestamp(RekorEntry entry, TrustRoot trust)
      throws RekorVerificationException {
    var set = entry.getVerification().getSignedEntryTimestamp();
    var log =
        trust.rekorLogValidAt(
            HexFormat.of().parseHex(entry.getLogID()), entry.getIntegratedTimeInstant());
    if (set == null || set.isEmpty() || log.isEmpty()) {
      throw new RekorVerificationException(
          "Entry SET was not valid: no signed entry timestamp from a trusted log");
    }
    try {
      if (!Verifiers.newVerifier(log.get().getPublicKey().toJavaPublicKey())
          .verify(entry.getSignableContent(), Base64.getDecoder().decode(set))) {
        throw new RekorVerificationException("Entry SET was not valid");
      }
    } catch (GeneralSecurityException e) {
      throw new RekorVerificationException("Entry SET was not valid", e);
    }
  }

  /** Verifies each RFC 3161 timestamp over the signature and returns the times they prove. */
  private static List<Instant> timestamps(
      JsonObject bundle, byte[] signature, X509Certificate leaf, TrustRoot trust, Clock clock)
      throws Refusal {
    var times = new ArrayList<Instant>();
    var data = bundle.getAsJsonObject("verificationMaterial").get("timestampVerificationData");
    if (data == null || !data.isJsonObject()) {
      return times;
    }
    var stamps = data.getAsJsonObject().get("rfc3161Timestamps");
    if (stamps == null || !stamps.isJsonArray()) {
      return times;
    }
    for (JsonElement stamp : stamps.getAsJsonArray()) {
      var bytes = base64(text(stamp.getAsJsonObject(), "signedTimestamp"), "RFC 3161 timestamp");
      Instant time;
      try {
        var response = ImmutableTimestampResponse.builder().encoded(bytes).build();
        trust.timestampVerifier().verify(response, signature);
        time = response.getGenTime().toInstant();
      } catch (TimestampVerificationException | TimestampException | RuntimeException e) {
        throw new Refusal(
            Rejection.SIGNATURE_INVALID,
            FailureSentences.forVerificationFailure(
                new IOException("RFC3161 timestamp verification failed", e)));
      }
      var problem =
          SignedTimeCheck.futureProblem("the RFC 3161 timestamp says it was signed", time, clock);
      if (problem == null && leaf != null) {
        problem = SignedTimeCheck.outsideValidity(leaf, time);
        problem = problem == null ? null : "the RFC 3161 timestamp " + time + " lies " + problem;
      }
      if (problem != null) {
        throw new Refusal(Rejection.SIGNATURE_INVALID, problem);
      }
      times.add(time);
    }
    return times;
  }

  /**
   * A keyless signature needs a signed time inside the certificate's validity: a verified signed
   * entry timestamp or an RFC 3161 timestamp. A keyed one has no validity window, but a signed
   * integrated time must still be believable.
   */
  private static void checkSignedTime(
      RekorEntry entry, X509Certificate leaf, List<Instant> stamped, TrustRoot trust, Clock clock)
      throws Refusal {
    var set = entry.getVerification().getSignedEntryTimestamp();
    var hasSignedEntryTime = set != null && !set.isEmpty() && entry.getIntegratedTime() > 0;
    if (hasSignedEntryTime) {
      var problem =
          SignedTimeCheck.integratedTimeProblem(
              entry.getIntegratedTimeInstant(),
              HexFormat.of().parseHex(entry.getLogID()),
              leaf,
              trust,
              clock);
      if (problem != null) {
        throw new Refusal(Rejection.SIGNATURE_INVALID, problem);
      }
    }
    if (leaf != null && !hasSignedEntryTime && stamped.isEmpty()) {
      throw new Refusal(Rejection.SIGNATURE_INVALID, SignedTimeCheck.NO_SIGNED_TIME);
    }
  }

  private static Signer signerOf(X509Certificate leaf) {
    var identity = CertificateIdentity.of(leaf);
    return identity.signer();
  }

  /** Whether a public key or certificate recorded in a log entry is the one that signed. */
  static boolean sameSigner(byte[] recorded, X509Certificate leaf, SigningKey key) {
    try {
      if (leaf != null) {
        return Arrays.equals(recorded, leaf.getEncoded());
      }
      return key.sameAs(recorded);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** As {@link #sameSigner(byte[], X509Certificate, SigningKey)} for PEM text. */
  static boolean sameSignerPem(byte[] pem, X509Certificate leaf, SigningKey key) {
    try {
      if (leaf != null) {
        return Arrays.equals(Certificates.fromPem(pem).getEncoded(), leaf.getEncoded());
      }
      return key.sameAs(PublicKeyPem.subjectPublicKeyInfo(new String(pem, StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
