package dev.shipproof.evidence;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.shipproof.evidence.CosignLayers.Refusal;
import dev.shipproof.model.Claim.Rejection;
import java.util.Base64;

/** Reading bundle and log-entry JSON, where a missing or mistyped field is a malformed item. */
final class BundleJson {
  private BundleJson() {}

  static JsonObject object(JsonObject parent, String name) throws Refusal {
    var child = parent.get(name);
    if (child == null || !child.isJsonObject()) {
      throw new Refusal(Rejection.MALFORMED, "the bundle has no " + name + " object");
    }
    return child.getAsJsonObject();
  }

  static String text(JsonObject parent, String name) throws Refusal {
    var child = parent.get(name);
    if (child == null || !child.isJsonPrimitive()) {
      throw new Refusal(Rejection.MALFORMED, "the bundle has no " + name + " value");
    }
    return child.getAsString();
  }

  static byte[] base64(String value, String what) throws Refusal {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new Refusal(Rejection.MALFORMED, "the bundle's " + what + " is not base64");
    }
  }

  static JsonArray array(JsonObject parent, String name) throws Refusal {
    var child = parent.get(name);
    if (child == null || !child.isJsonArray()) {
      throw new Refusal(Rejection.MALFORMED, "the log entry has no " + name + " list");
    }
    return child.getAsJsonArray();
  }
}
