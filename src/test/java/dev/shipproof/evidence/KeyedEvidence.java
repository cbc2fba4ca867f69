package dev.shipproof.evidence;

import static dev.shipproof.evidence.TestLog.IN_TOTO;
import static dev.shipproof.evidence.TestLog.b64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipproof.model.EvidenceItem;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** Builds keyed evidence signed in the test, logged in a {@link TestLog}. */
final class KeyedEvidence {
  /** Integrated time of every made-up entry: 2026-11-02T09:01:00Z, as the kit's. */
  static final long INTEGRATED = 1793610060L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyedEvidence() {}

  /** An in-toto statement about {@code digestHex} whose predicate names a supplier. */
  static byte[] statement(String digestHex, String supplier) {
    var statement = JSON.createObjectNode();
    statement.put("_type", "https://in-toto.io/Statement/v1");
    statement
        .putArray("subject")
        .addObject()
        .put("name", "registry.test/acme/api")
        .putObject("digest")
        .put("sha256", digestHex);
    statement.put("predicateType", "https://spdx.dev/Document");
    statement.putObject("predicate").put("supplier", "Organization: " + supplier);
    return statement.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A v0.3 keyed DSSE bundle with a {@code dsse} 0.0.1 entry. */
  static byte[] dsseBundle(TestLog log, KeyPair signer, String algorithm, byte[] payload) {
    var signature = TestLog.sign(algorithm, signer.getPrivate(), TestLog.pae(IN_TOTO, payload));
    var spec = JSON.createObjectNode();
    spec.putObject("payloadHash").put("algorithm", "sha256").put("value", sha256Hex(payload));
    spec.putArray("signatures")
        .addObject()
        .put("signature", b64(signature))
        .put("verifier", b64(TestLog.pem(signer.getPublic()).getBytes(StandardCharsets.UTF_8)));
    var bundle = bundle(log, "dsse", spec);
    var envelope = bundle.putObject("dsseEnvelope");
    envelope.put("payload", b64(payload));
    envelope.put("payloadType", IN_TOTO);
    envelope.putArray("signatures").addObject().put("sig", b64(signature)).put("keyid", "");
    return bundle.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A v0.3 keyed message signature bundle over {@code artifact}, with a hashedrekord entry. */
  static byte[] messageBundle(TestLog log, KeyPair signer, String algorithm, byte[] artifact) {
    var signature = TestLog.sign(algorithm, signer.getPrivate(), artifact);
    var spec = JSON.createObjectNode();
    spec.putObject("data")
        .putObject("hash")
        .put("algorithm", "sha256")
        .put("value", sha256Hex(artifact));
    var logged = spec.putObject("signature");
    logged.put("content", b64(signature));
    logged
        .putObject("publicKey")
        .put("content", b64(TestLog.pem(signer.getPublic()).getBytes(StandardCharsets.UTF_8)));
    var bundle = bundle(log, "hashedrekord", spec);
    var message = bundle.putObject("messageSignature");
    message
        .putObject("messageDigest")
        .put("algorithm", "SHA2_256")
        .put("digest", b64(CosignLayers.sha256(artifact)));
    message.put("signature", b64(signature));
    return bundle.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A legacy keyed {@code .att} layer; with a Rekor bundle annotation when {@code log} is set. */
  static EvidenceItem attLayer(TestLog log, KeyPair signer, String algorithm, byte[] payload) {
    var signature = TestLog.sign(algorithm, signer.getPrivate(), TestLog.pae(IN_TOTO, payload));
    var envelope = JSON.createObjectNode();
    envelope.put("payloadType", IN_TOTO);
    envelope.put("payload", b64(payload));
    envelope.putArray("signatures").addObject().put("keyid", "").put("sig", b64(signature));
    var notes = new HashMap<String, String>();
    notes.put(CosignLayers.SIGNATURE, "");
    if (log != null) {
      var body = JSON.createObjectNode();
      body.put("apiVersion", "0.0.2");
      body.put("kind", "intoto");
      var content = body.putObject("spec").putObject("content");
      var loggedEnvelope = content.putObject("envelope");
      loggedEnvelope.put("payloadType", IN_TOTO);
      loggedEnvelope
          .putArray("signatures")
          .addObject()
          .put("sig", b64(b64(signature).getBytes(StandardCharsets.UTF_8)))
          .put("publicKey", b64(TestLog.pem(signer.getPublic()).getBytes(StandardCharsets.UTF_8)));
      content.putObject("payloadHash").put("algorithm", "sha256").put("value", sha256Hex(payload));
      notes.put(CosignLayers.REKOR_BUNDLE, log.cosignBundle(body.toString(), INTEGRATED));
    }
    return new EvidenceItem(
        "sha256-test.att",
        EvidenceItem.Format.COSIGN_ATTESTATION,
        "application/vnd.dsse.envelope.v1+json",
        envelope.toString().getBytes(StandardCharsets.UTF_8),
        Map.copyOf(notes));
  }

  private static ObjectNode bundle(TestLog log, String kind, ObjectNode spec) {
    var body = JSON.createObjectNode();
    body.put("apiVersion", "0.0.1");
    body.put("kind", kind);
    body.set("spec", spec);
    var bundle = JSON.createObjectNode();
    bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    var material = bundle.putObject("verificationMaterial");
    material.putObject("publicKey").put("hint", "unsigned and ignored");
    material
        .putArray("tlogEntries")
        .add(log.bundleEntry(kind, "0.0.1", body.toString(), INTEGRATED));
    return bundle;
  }

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(CosignLayers.sha256(bytes));
  }
}
