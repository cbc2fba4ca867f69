package dev.shipproof.evidence;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Origin;
import dev.shipproof.model.EvidenceItem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Records on each claim where its evidence sits (the digest of the bundle or layer bytes), the
 * transparency log index and integrated time, and for an attestation the whole in-toto statement.
 * Read from the same bytes the verifier checked; for a rejected claim they are only a hint.
 */
public final class ClaimOrigins {
  private ClaimOrigins() {}

  /**
   * Returns the claims with their origins.
   *
   * @param items the evidence items, in the order given to {@link EvidenceVerifier#verify}
   * @param claims what the verifier returned for them, one per item, same order
   * @throws IllegalArgumentException when the lists differ in length
   */
  public static List<Claim> attach(List<EvidenceItem> items, List<Claim> claims) {
    if (items.size() != claims.size()) {
      throw new IllegalArgumentException(
          items.size() + " evidence items but " + claims.size() + " claims");
    }
    var out = new ArrayList<Claim>(claims.size());
    for (int i = 0; i < claims.size(); i++) {
      out.add(claims.get(i).withOrigin(of(items.get(i))));
    }
    return out;
  }

  /** The origin of one item; fields it does not carry are {@code null}. */
  public static Origin of(EvidenceItem item) {
    var content = item.content() == null ? new byte[0] : item.content();
    var digest = content.length == 0 ? null : "sha256:" + sha256Hex(content);
    var json = object(new String(content, StandardCharsets.UTF_8));
    Long logIndex = null;
    Instant integrated = null;
    String statement = null;
    switch (item.format()) {
      case SIGSTORE_BUNDLE -> {
        var entry = firstTlogEntry(json);
        logIndex = number(entry == null ? null : entry.get("logIndex"));
        integrated = seconds(entry == null ? null : entry.get("integratedTime"));
        statement = payload(json == null ? null : json.get("dsseEnvelope"));
      }
      case COSIGN_SIGNATURE, COSIGN_ATTESTATION -> {
        var notes = item.annotations();
        var rekor = notes == null ? null : object(notes.get(CosignLayers.REKOR_BUNDLE));
        var logged = rekor == null ? null : rekor.get("Payload");
        if (logged != null && logged.isJsonObject()) {
          logIndex = number(logged.getAsJsonObject().get("logIndex"));
          integrated = seconds(logged.getAsJsonObject().get("integratedTime"));
        }
        if (item.format() == EvidenceItem.Format.COSIGN_ATTESTATION) {
          statement = payload(json);
        }
      }
    }
    return new Origin(digest, logIndex, integrated, statement);
  }

  private static JsonObject firstTlogEntry(JsonObject bundle) {
    if (bundle == null
        || !(bundle.get("verificationMaterial") instanceof JsonObject material)
        || !material.has("tlogEntries")
        || !material.get("tlogEntries").isJsonArray()
        || material.getAsJsonArray("tlogEntries").isEmpty()) {
      return null;
    }
    var first = material.getAsJsonArray("tlogEntries").get(0);
    return first.isJsonObject() ? first.getAsJsonObject() : null;
  }

  /** The decoded payload of a DSSE envelope, when it is a JSON object. */
  private static String payload(JsonElement envelope) {
    if (!(envelope instanceof JsonObject dsse) || !dsse.has("payload")) {
      return null;
    }
    try {
      var text =
          new String(
              Base64.getDecoder().decode(dsse.get("payload").getAsString()),
              StandardCharsets.UTF_8);
      var statement = object(text);
      return statement == null ? null : statement.toString();
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static JsonObject object(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      var parsed = JsonParser.parseString(text);
      return parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
    } catch (JsonParseException | IllegalStateException e) {
      return null;
    }
  }

  /** Protobuf JSON writes int64 as a string; cosign's bundle writes a number. */
  private static Long number(JsonElement value) {
    if (value == null || !value.isJsonPrimitive()) {
      return null;
    }
    try {
      return Long.parseLong(value.getAsString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Instant seconds(JsonElement value) {
    var epoch = number(value);
    return epoch == null ? null : Instant.ofEpochSecond(epoch);
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
