package dev.shipproof.evidence;

import com.google.gson.JsonElement;
import dev.shipproof.evidence.CosignLayers.Refusal;
import dev.shipproof.model.Claim.Rejection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A DSSE envelope with its one signature, as a Sigstore bundle and a cosign {@code .att} layer
 * carry it.
 *
 * @param payloadType the payload type, e.g. {@code application/vnd.in-toto+json}
 * @param payload the payload bytes
 * @param signature the one signature's bytes
 */
record DsseEnvelope(String payloadType, byte[] payload, byte[] signature) {

  /** Reads {@code {payloadType, payload, signatures: [{sig}]}}. */
  static DsseEnvelope parse(JsonElement json) throws Refusal {
    try {
      var object = json.getAsJsonObject();
      var signatures = object.getAsJsonArray("signatures");
      if (signatures == null || signatures.size() != 1) {
        throw new Refusal(
            Rejection.SIGNATURE_INVALID, "the DSSE envelope must carry exactly one signature");
      }
      return new DsseEnvelope(
          object.get("payloadType").getAsString(),
          Base64.getDecoder().decode(object.get("payload").getAsString()),
          Base64.getDecoder().decode(signatures.get(0).getAsJsonObject().get("sig").getAsString()));
    } catch (RuntimeException e) {
      throw new Refusal(Rejection.MALFORMED, "not a DSSE envelope");
    }
  }

  /**
   * The DSSE pre-authentication encoding, what the signature covers: {@code "DSSEv1" SP len(type)
   * SP type SP len(payload) SP payload}, where both lengths count BYTES. sigstore-java 2.0.0 counts
   * the payload's characters, which differs as soon as the payload holds non-ASCII text.
   */
  byte[] pae() {
    var type = payloadType.getBytes(StandardCharsets.UTF_8);
    var out = new ByteArrayOutputStream();
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(payload);
    return out.toByteArray();
  }
}
