package dev.shipproof.evidence;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Works around sigstore-java 2.0.0 matching a checkpoint's signature line by the log's host only:
 * it compares the signer name with {@code baseUrl.getHost()}, so a log served on a port (name
 * {@code localhost:8000}) never matches and its valid checkpoint is refused. The name is not part
 * of what the checkpoint signature covers, so a name that equals a trusted log's {@code host:port}
 * is rewritten to the host before sigstore-java reads it; the signature itself is still verified by
 * sigstore-java with that log's key.
 */
final class CheckpointNames {
  /** A signed-note signature line: em dash, space, name, space, base64. */
  private static final Pattern SIGNATURE_LINE =
      Pattern.compile("(?m)^\u2014 (\\S+) ([A-Za-z0-9+/=]+)$");

  private CheckpointNames() {}

  /**
   * Rewrites, in place, the checkpoint signer names of every log entry of a bundle. Returns whether
   * anything changed.
   */
  static boolean normalise(JsonObject bundle, TrustRoot trust) {
    var material = bundle.get("verificationMaterial");
    if (material == null || !material.isJsonObject()) {
      return false;
    }
    var entries = material.getAsJsonObject().get("tlogEntries");
    if (entries == null || !entries.isJsonArray()) {
      return false;
    }
    var changed = false;
    for (JsonElement entry : entries.getAsJsonArray()) {
      var checkpoint = child(child(entry, "inclusionProof"), "checkpoint");
      var envelope = child(checkpoint, "envelope");
      if (envelope != null && envelope.isJsonPrimitive()) {
        var renamed = rename(envelope.getAsString(), trust);
        if (!renamed.equals(envelope.getAsString())) {
          checkpoint.getAsJsonObject().add("envelope", new JsonPrimitive(renamed));
          changed = true;
        }
      }
    }
    return changed;
  }

  static String rename(String note, TrustRoot trust) {
    var matcher = SIGNATURE_LINE.matcher(note);
    var out = new StringBuilder();
    while (matcher.find()) {
      var name = matcher.group(1);
      var host = trust.rekorHostFor(name);
      var replacement = host == null ? matcher.group() : "\u2014 " + host + " " + matcher.group(2);
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static JsonElement child(JsonElement parent, String name) {
    return parent != null && parent.isJsonObject() ? parent.getAsJsonObject().get(name) : null;
  }
}
