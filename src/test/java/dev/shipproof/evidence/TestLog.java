package dev.shipproof.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigstore.rekor.client.ImmutableRekorEntry;
import dev.sigstore.rekor.client.ImmutableVerification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A transparency log made up in a test: its own Rekor key, added to the kit's trusted root, that
 * signs entry timestamps and one-entry checkpoints. Lets tests build keyed evidence that sigstore's
 * public instances never saw, with every log check passing for real.
 */
final class TestLog {
  static final String ORIGIN = "rekor.test.shipproof";
  static final String IN_TOTO = "application/vnd.in-toto+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeyPair rekor;
  private final byte[] logId;

  private TestLog(KeyPair rekor) {
    this.rekor = rekor;
    this.logId = CosignLayers.sha256(rekor.getPublic().getEncoded());
  }

  static TestLog create() {
    return new TestLog(ecKeyPair("secp256r1"));
  }

  static KeyPair ecKeyPair(String curve) {
    try {
      var generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair keyPair(String algorithm, int size) {
    try {
      var generator = KeyPairGenerator.getInstance(algorithm);
      if (size > 0) {
        generator.initialize(size);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static byte[] sign(String algorithm, PrivateKey key, byte[] data) {
    try {
      var signature = Signature.getInstance(algorithm);
      signature.initSign(key);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** DSSE pre-authentication encoding as the specification says: byte counts. */
  static byte[] pae(String payloadType, byte[] payload) {
    var out = new ByteArrayOutputStream();
    var type = payloadType.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** The kit's trusted root plus this log, valid since 2020. */
  byte[] trustedRoot() {
    try {
      var root = (ObjectNode) JSON.readTree(Fixtures.read("trust/trusted_root.json"));
      ((ArrayNode) root.get("tlogs")).add(trustedRootTlog());
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This log as a trusted root {@code tlogs} item. */
  ObjectNode trustedRootTlog() {
    var log = JSON.createObjectNode();
    log.put("baseUrl", "https://" + ORIGIN);
    log.put("hashAlgorithm", "SHA2_256");
    var key = log.putObject("publicKey");
    key.put("rawBytes", b64(rekor.getPublic().getEncoded()));
    key.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
    key.putObject("validFor").put("start", "2020-01-01T00:00:00Z");
    log.putObject("logId").put("keyId", b64(logId));
    return log;
  }

  TrustRoot trust() {
    return TrustRoot.parse(trustedRoot());
  }

  /** A bundle {@code tlogEntries} item with SET, inclusion proof and signed checkpoint. */
  ObjectNode bundleEntry(String kind, String version, String body, long integratedTime) {
    var encoded = b64(body.getBytes(StandardCharsets.UTF_8));
    var entry = JSON.createObjectNode();
    entry.put("logIndex", "0");
    entry.putObject("logId").put("keyId", b64(logId));
    entry.putObject("kindVersion").put("kind", kind).put("version", version);
    entry.put("integratedTime", Long.toString(integratedTime));
    entry
        .putObject("inclusionPromise")
        .put("signedEntryTimestamp", b64(signedEntryTimestamp(encoded, integratedTime)));
    var root = leafHash(body.getBytes(StandardCharsets.UTF_8));
    var proof = entry.putObject("inclusionProof");
    proof.put("logIndex", "0");
    proof.put("rootHash", b64(root));
    proof.put("treeSize", "1");
    proof.putArray("hashes");
    proof.putObject("checkpoint").put("envelope", checkpoint(root));
    entry.put("canonicalizedBody", encoded);
    return entry;
  }

  /** A cosign {@code dev.sigstore.cosign/bundle} annotation for a legacy layer. */
  String cosignBundle(String body, long integratedTime) {
    var encoded = b64(body.getBytes(StandardCharsets.UTF_8));
    var bundle = JSON.createObjectNode();
    bundle.put("SignedEntryTimestamp", b64(signedEntryTimestamp(encoded, integratedTime)));
    var payload = bundle.putObject("Payload");
    payload.put("body", encoded);
    payload.put("integratedTime", integratedTime);
    payload.put("logIndex", 0);
    payload.put("logID", HexFormat.of().formatHex(logId));
    return bundle.toString();
  }

  private byte[] signedEntryTimestamp(String encodedBody, long integratedTime) {
    var signable =
        ImmutableRekorEntry.builder()
            .body(encodedBody)
            .integratedTime(integratedTime)
            .logID(HexFormat.of().formatHex(logId))
            .logIndex(0)
            .verification(ImmutableVerification.builder().build())
            .build()
            .getSignableContent();
    return sign("SHA256withECDSA", rekor.getPrivate(), signable);
  }

  private String checkpoint(byte[] root) {
    var note = ORIGIN + "\n1\n" + b64(root) + "\n";
    var signature =
        sign("SHA256withECDSA", rekor.getPrivate(), note.getBytes(StandardCharsets.UTF_8));
    var hinted = new ByteArrayOutputStream();
    hinted.writeBytes(Arrays.copyOf(logId, 4));
    hinted.writeBytes(signature);
    return note + "\n\u2014 " + ORIGIN + " " + b64(hinted.toByteArray()) + "\n";
  }

  private static byte[] leafHash(byte[] body) {
    var leaf = new byte[body.length + 1];
    System.arraycopy(body, 0, leaf, 1, body.length);
    return CosignLayers.sha256(leaf);
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
