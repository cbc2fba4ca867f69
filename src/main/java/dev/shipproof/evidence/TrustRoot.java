package dev.shipproof.evidence;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.timestamp.client.TimestampVerifier;
import dev.sigstore.trustroot.SigstoreConfigurationException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.trustroot.TransparencyLog;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A parsed Sigstore {@code trusted_root.json}: the Fulcio CAs, CT logs, Rekor logs and timestamp
 * authorities that evidence must chain to. Immutable and thread-safe; parse it once per root and
 * keep it (two roots with the same bytes are equal, so the value works as a cache key).
 *
 * <p>It may also carry the public keys a policy trusts for keyed signatures ({@link #withKeys}):
 * the trusted root vouches for the logs and timestamps, the keys for who signed.
 *
 * <p>A transparency log whose key has no validity start is dropped when parsing: sigstore-java
 * 2.0.0 treats it as valid since forever, so a log key the root's author never dated would vouch
 * for entries of any time.
 */
public final class TrustRoot {
  private static final Logger LOG = Logger.getLogger(TrustRoot.class);

  private final String sha256;
  private final SigstoreTrustedRoot root;
  private final KeylessVerifier verifier;
  private final FulcioVerifier fulcio;
  private final RekorVerifier rekor;
  private final TimestampVerifier timestamps;
  private final List<SigningKey> keys;

  private TrustRoot(
      String sha256,
      SigstoreTrustedRoot root,
      KeylessVerifier verifier,
      FulcioVerifier fulcio,
      RekorVerifier rekor,
      TimestampVerifier timestamps,
      List<SigningKey> keys) {
    this.sha256 = sha256;
    this.root = root;
    this.verifier = verifier;
    this.fulcio = fulcio;
    this.rekor = rekor;
    this.timestamps = timestamps;
    this.keys = List.copyOf(keys);
  }

  /**
   * Parses and checks a trusted root.
   *
   * @param json the bytes of a {@code trusted_root.json}
   * @throws TrustRootException when the bytes are not a trusted root or hold unusable keys or
   *     certificates
   */
  public static TrustRoot parse(byte[] json) {
    if (json == null || json.length == 0) {
      throw new TrustRootException("trusted root is empty");
    }
    SigstoreTrustedRoot root;
    try {
      root = SigstoreTrustedRoot.from(new ByteArrayInputStream(withoutUndatedLogs(json)));
    } catch (SigstoreConfigurationException | RuntimeException e) {
      throw new TrustRootException(
          "trusted root is not a valid Sigstore trusted_root.json: " + plain(e), e);
    }
    if (root.getCAs().isEmpty()) {
      throw new TrustRootException("trusted root lists no certificate authority");
    }
    if (root.getTLogs().isEmpty()) {
      throw new TrustRootException("trusted root lists no transparency log");
    }
    try {
      var verifier = KeylessVerifier.builder().trustedRootProvider(() -> root).build();
      return new TrustRoot(
          sha256(json),
          root,
          verifier,
          FulcioVerifier.newFulcioVerifier(root),
          RekorVerifier.newRekorVerifier(root),
          TimestampVerifier.newTimestampVerifier(root),
          List.of());
    } catch (GeneralSecurityException | SigstoreConfigurationException | RuntimeException e) {
      throw new TrustRootException(
          "trusted root holds a key or certificate that cannot be used: " + plain(e), e);
    }
  }

  /**
   * This root together with the public keys a policy trusts for keyed signatures; replaces any keys
   * already attached. Parsing is not repeated.
   */
  public TrustRoot withKeys(List<SigningKey> trustedKeys) {
    return new TrustRoot(sha256, root, verifier, fulcio, rekor, timestamps, trustedKeys);
  }

  /** The public keys trusted for keyed signatures; empty unless {@link #withKeys} added some. */
  public List<SigningKey> keys() {
    return keys;
  }

  /** Hex SHA-256 of the bytes this root was parsed from, for logs and cache keys. */
  public String sha256() {
    return sha256;
  }

  KeylessVerifier keylessVerifier() {
    return verifier;
  }

  FulcioVerifier fulcioVerifier() {
    return fulcio;
  }

  RekorVerifier rekorVerifier() {
    return rekor;
  }

  TimestampVerifier timestampVerifier() {
    return timestamps;
  }

  /** The Rekor log with this id whose key was valid at {@code time}, if any. */
  Optional<TransparencyLog> rekorLogValidAt(byte[] logId, Instant time) {
    return root.getTLogs().stream()
        .filter(log -> Arrays.equals(log.getLogId().getKeyId(), logId))
        .filter(log -> log.getPublicKey().getValidFor().contains(time))
        .findFirst();
  }

  /**
   * The root's JSON without transparency logs whose key has no validity start. Bytes that are not a
   * JSON object are passed on unchanged for sigstore-java to refuse.
   */
  private static byte[] withoutUndatedLogs(byte[] json) {
    JsonObject object;
    try {
      var parsed = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
      if (!parsed.isJsonObject() || !parsed.getAsJsonObject().has("tlogs")) {
        return json;
      }
      object = parsed.getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      return json;
    }
    if (!object.get("tlogs").isJsonArray()) {
      return json;
    }
    var kept = new JsonArray();
    for (JsonElement log : object.getAsJsonArray("tlogs")) {
      if (hasValidityStart(log)) {
        kept.add(log);
      } else {
        LOG.warnf("ignoring a transparency log of the trusted root: its key has no validity start");
      }
    }
    if (kept.size() == object.getAsJsonArray("tlogs").size()) {
      return json;
    }
    object.add("tlogs", kept);
    return object.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean hasValidityStart(JsonElement log) {
    try {
      var start =
          log.getAsJsonObject()
              .getAsJsonObject("publicKey")
              .getAsJsonObject("validFor")
              .get("start");
      return start != null && start.isJsonPrimitive() && !start.getAsString().isBlank();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * For a checkpoint signer name {@code host:port} that is a trusted Rekor log's host and port, the
   * host alone (what sigstore-java 2.0.0 compares with); otherwise {@code null}.
   */
  String rekorHostFor(String name) {
    return root.getTLogs().stream()
        .map(log -> log.getBaseUrl())
        .filter(url -> url != null && url.getHost() != null && url.getPort() >= 0)
        .filter(url -> name.equals(url.getHost() + ":" + url.getPort()))
        .map(url -> url.getHost())
        .findFirst()
        .orElse(null);
  }

  private static String plain(Exception e) {
    var message = e.getMessage();
    return message == null || message.isBlank() ? "unreadable content" : message.strip();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrustRoot that
        && sha256.equals(that.sha256)
        && keyIds().equals(that.keyIds());
  }

  @Override
  public int hashCode() {
    return sha256.hashCode() * 31 + keyIds().hashCode();
  }

  private List<String> keyIds() {
    return keys.stream().map(SigningKey::id).toList();
  }

  @Override
  public String toString() {
    return "TrustRoot[sha256:"
        + sha256.substring(0, 12)
        + (keys.isEmpty() ? "" : ", keys " + keys.stream().map(SigningKey::shortId).toList())
        + "]";
  }
}
