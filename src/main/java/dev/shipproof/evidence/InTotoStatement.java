package dev.shipproof.evidence;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The parts of an in-toto Statement we act on. Read from the DSSE payload bytes; these are only
 * trusted once the envelope signature has verified.
 *
 * @param predicateType the statement's predicate type, or {@code null} when absent
 * @param subjectDigests every subject's {@code sha256} value, lower-cased, in order
 * @param predicateJson the predicate as JSON text, or {@code null} when absent
 */
record InTotoStatement(String predicateType, List<String> subjectDigests, String predicateJson) {
  static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  private static final Set<String> STATEMENT_TYPES =
      Set.of("https://in-toto.io/Statement/v1", "https://in-toto.io/Statement/v0.1");

  /**
   * Parses a statement.
   *
   * @throws IllegalArgumentException with a plain message when the payload is not a statement
   */
  static InTotoStatement parse(byte[] payload) {
    JsonObject statement;
    try {
      var element = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8));
      if (!element.isJsonObject()) {
        throw new IllegalArgumentException("the DSSE payload is not a JSON object");
      }
      statement = element.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("the DSSE payload is not valid JSON", e);
    }
    var type = text(statement.get("_type"));
    if (type == null || !STATEMENT_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "the DSSE payload is not an in-toto statement (_type " + type + ")");
    }
    var subjects = statement.get("subject");
    if (subjects == null || !subjects.isJsonArray()) {
      throw new IllegalArgumentException("the in-toto statement has no subject list");
    }
    var digests = new ArrayList<String>();
    for (JsonElement subject : subjects.getAsJsonArray()) {
      var sha256 = sha256Of(subject);
      if (sha256 != null) {
        digests.add(sha256);
      }
    }
    var predicate = statement.get("predicate");
    return new InTotoStatement(
        text(statement.get("predicateType")),
        List.copyOf(digests),
        predicate == null || predicate.isJsonNull() ? null : predicate.toString());
  }

  private static String sha256Of(JsonElement subject) {
    if (!subject.isJsonObject()) {
      return null;
    }
    var digest = subject.getAsJsonObject().get("digest");
    if (digest == null || !digest.isJsonObject()) {
      return null;
    }
    var value = text(digest.getAsJsonObject().get("sha256"));
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static String text(JsonElement element) {
    return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()
        ? element.getAsString()
        : null;
  }
}
