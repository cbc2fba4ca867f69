package dev.shipproof.evidence;

import static dev.shipproof.evidence.BundleJson.array;
import static dev.shipproof.evidence.BundleJson.base64;
import static dev.shipproof.evidence.BundleJson.object;
import static dev.shipproof.evidence.BundleJson.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.shipproof.evidence.CosignLayers.Refusal;
import dev.shipproof.model.Claim.Rejection;
import dev.sigstore.rekor.client.RekorEntry;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Checks that a transparency log entry records what the bundle signed: the digest or payload hash,
 * the signature and the certificate or public key. Without this a valid entry for some other
 * signature would vouch for this one. Reads every entry kind a Sigstore bundle may carry: {@code
 * hashedrekord} 0.0.1 and 0.0.2 (Rekor v2, also over a DSSE encoding), {@code dsse} 0.0.1 and
 * 0.0.2, and {@code intoto} 0.0.2.
 */
final class LoggedContent {
  private LoggedContent() {}

  static JsonObject body(RekorEntry entry) throws Refusal {
    try {
      var bytes = Base64.getDecoder().decode(entry.getBody());
      return JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new Refusal(Rejection.MALFORMED, "the transparency log entry's body is unreadable");
    }
  }

  /**
   * @param digest SHA-256 of what was signed: the artifact, or the DSSE encoding
   * @param dsse the envelope for a DSSE bundle, else {@code null}
   * @param leaf the signing certificate, or {@code null} for a keyed signature
   * @param key the policy key that verified, or {@code null} for keyless
   */
  static void check(
      JsonObject body,
      byte[] signature,
      byte[] digest,
      DsseEnvelope dsse,
      X509Certificate leaf,
      SigningKey key)
      throws Refusal {
    var kind = text(body, "kind") + " " + text(body, "apiVersion");
    var spec = object(body, "spec");
    boolean same;
    try {
      same =
          switch (kind) {
            case "hashedrekord 0.0.1" -> hashedRekordV1(spec, signature, digest, leaf, key);
            case "hashedrekord 0.0.2" ->
                hashedRekordV2(object(spec, "hashedRekordV002"), signature, digest, leaf, key);
            case "dsse 0.0.1" -> dsse != null && dsseV1(spec, signature, dsse, leaf, key);
            case "dsse 0.0.2" ->
                dsse != null && dsseV2(object(spec, "dsseV002"), signature, dsse, leaf, key);
            case "intoto 0.0.2" -> dsse != null && intotoV2(spec, signature, dsse, leaf, key);
            default ->
                throw new Refusal(
                    Rejection.UNSUPPORTED,
                    "the transparency log entry is of kind " + kind + ", which is not supported");
          };
    } catch (Refusal r) {
      if (r.rejection() == Rejection.UNSUPPORTED) {
        throw r;
      }
      same = false;
    } catch (RuntimeException e) {
      same = false;
    }
    if (!same) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          "the transparency log entry records a different digest, payload, signature or signer"
              + " than the bundle");
    }
  }

  private static boolean hashedRekordV1(
      JsonObject spec, byte[] signature, byte[] digest, X509Certificate leaf, SigningKey key)
      throws Refusal {
    var hash = object(object(spec, "data"), "hash");
    var logged = object(spec, "signature");
    return "sha256".equals(text(hash, "algorithm"))
        && HexFormat.of().formatHex(digest).equals(text(hash, "value"))
        && Arrays.equals(signature, base64(text(logged, "content"), "logged signature"))
        && ComposedBundleCheck.sameSignerPem(
            base64(text(object(logged, "publicKey"), "content"), "logged key"), leaf, key);
  }

  private static boolean hashedRekordV2(
      JsonObject spec, byte[] signature, byte[] digest, X509Certificate leaf, SigningKey key)
      throws Refusal {
    var data = object(spec, "data");
    var logged = object(spec, "signature");
    return "SHA2_256".equals(text(data, "algorithm"))
        && Arrays.equals(digest, base64(text(data, "digest"), "logged digest"))
        && Arrays.equals(signature, base64(text(logged, "content"), "logged signature"))
        && verifierMatches(object(logged, "verifier"), leaf, key);
  }

  private static boolean dsseV1(
      JsonObject spec, byte[] signature, DsseEnvelope dsse, X509Certificate leaf, SigningKey key)
      throws Refusal {
    var hash = object(spec, "payloadHash");
    if (!"sha256".equals(text(hash, "algorithm"))
        || !CosignLayers.sha256Hex(dsse.payload()).equals(text(hash, "value"))) {
      return false;
    }
    for (JsonElement logged : array(spec, "signatures")) {
      var entry = logged.getAsJsonObject();
      if (Arrays.equals(signature, base64(text(entry, "signature"), "logged signature"))
          && ComposedBundleCheck.sameSignerPem(
              base64(text(entry, "verifier"), "logged verifier"), leaf, key)) {
        return true;
      }
    }
    return false;
  }

  private static boolean dsseV2(
      JsonObject spec, byte[] signature, DsseEnvelope dsse, X509Certificate leaf, SigningKey key)
      throws Refusal {
    var hash = object(spec, "payloadHash");
    if (!"SHA2_256".equals(text(hash, "algorithm"))
        || !Arrays.equals(
            CosignLayers.sha256(dsse.payload()), base64(text(hash, "digest"), "payload hash"))) {
      return false;
    }
    for (JsonElement logged : array(spec, "signatures")) {
      var entry = logged.getAsJsonObject();
      if (Arrays.equals(signature, base64(text(entry, "content"), "logged signature"))
          && verifierMatches(object(entry, "verifier"), leaf, key)) {
        return true;
      }
    }
    return false;
  }

  /** Rekor stores the envelope's base64 fields base64-encoded once more. */
  private static boolean intotoV2(
      JsonObject spec, byte[] signature, DsseEnvelope dsse, X509Certificate leaf, SigningKey key)
      throws Refusal {
    var content = object(spec, "content");
    var hash = object(content, "payloadHash");
    if (!"sha256".equals(text(hash, "algorithm"))
        || !CosignLayers.sha256Hex(dsse.payload()).equals(text(hash, "value"))) {
      return false;
    }
    var logged = array(object(content, "envelope"), "signatures");
    for (JsonElement element : logged) {
      var entry = element.getAsJsonObject();
      var once = new String(base64(text(entry, "sig"), "logged signature"), StandardCharsets.UTF_8);
      if (Arrays.equals(signature, base64(once, "logged signature"))
          && ComposedBundleCheck.sameSignerPem(
              base64(text(entry, "publicKey"), "logged key"), leaf, key)) {
        return true;
      }
    }
    return false;
  }

  private static boolean verifierMatches(JsonObject verifier, X509Certificate leaf, SigningKey key)
      throws Refusal {
    var material =
        verifier.has("x509Certificate")
            ? object(verifier, "x509Certificate")
            : object(verifier, "publicKey");
    return ComposedBundleCheck.sameSigner(
        base64(text(material, "rawBytes"), "logged verifier"), leaf, key);
  }
}
