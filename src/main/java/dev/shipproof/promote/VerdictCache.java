package dev.shipproof.promote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shipproof.api.v1alpha1.AttestationRule;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.policy.Decision;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Remembers allowed verdicts, so that promoting the same digest again under the same policy skips
 * the signature, certificate, transparency-log and policy checks. Only the verify step is skipped:
 * the manifest is still fetched and hashed and the evidence still collected, because the key holds
 * a digest of the evidence found.
 *
 * <p>The key is (image digest, policy, trusted root, evidence set): a verdict is reused only when
 * every input of the verify step is byte-for-byte the same, so an edited policy, a rotated root, or
 * evidence added or deleted since all verify afresh. Only allowed verdicts are kept: a denial is
 * recomputed each time, so its message always explains the evidence as it is now, and a repeated
 * denial costs a verification, not a wrong answer. A policy with an attestation {@code maxAge} is
 * never cached, since its answer depends on the clock as well.
 *
 * <p>Bounded (least recently used entries go first) and thread-safe; the operator sets the size
 * with {@code shipproof.verdict-cache.size}.
 */
public final class VerdictCache {
  private static final Logger LOG = Logger.getLogger(VerdictCache.class);

  /** Sorted keys, so that equal policies hash equally whatever order their maps were built in. */
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private final int maxEntries;
  private final Map<Key, Decision> entries;
  private long hits;
  private long misses;

  /**
   * @param maxEntries how many verdicts to keep; 0 disables the cache
   */
  public VerdictCache(int maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("verdict cache size must not be negative");
    }
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Decision> eldest) {
            return size() > VerdictCache.this.maxEntries;
          }
        };
  }

  /** A cache that keeps nothing: every call verifies. */
  public static VerdictCache disabled() {
    return new VerdictCache(0);
  }

  /**
   * The cached allowed verdict for these inputs, or else {@code verify}'s answer (kept when it
   * allows).
   *
   * @param digest the promoted digest
   * @param items the evidence collected for it, unverified
   * @param policy the environment policy
   * @param trust the trusted root
   * @param verify the verify step: verification and policy evaluation
   */
  public Decision decide(
      String digest,
      List<EvidenceItem> items,
      PolicySpec policy,
      TrustRoot trust,
      Supplier<Decision> verify) {
    if (maxEntries == 0 || dependsOnTheClock(policy)) {
      return verify.get();
    }
    Key key = new Key(digest, policyHash(policy), trust.sha256(), evidenceHash(items));
    synchronized (this) {
      Decision cached = entries.get(key);
      if (cached != null) {
        hits++;
        LOG.debugf("verdict for %s from the cache", digest);
        return cached;
      }
      misses++;
    }
    Decision decision = verify.get();
    if (decision.allowed()) {
      synchronized (this) {
        entries.put(key, decision);
      }
    }
    return decision;
  }

  /** Whether {@code decide} would answer from the cache for these inputs. */
  public boolean contains(
      String digest, List<EvidenceItem> items, PolicySpec policy, TrustRoot trust) {
    if (maxEntries == 0 || dependsOnTheClock(policy)) {
      return false;
    }
    Key key = new Key(digest, policyHash(policy), trust.sha256(), evidenceHash(items));
    synchronized (this) {
      return entries.containsKey(key);
    }
  }

  /** Verdicts held now. */
  public synchronized int size() {
    return entries.size();
  }

  /** Calls answered from the cache. */
  public synchronized long hits() {
    return hits;
  }

  /** Calls that verified because nothing was cached for their inputs. */
  public synchronized long misses() {
    return misses;
  }

  private static boolean dependsOnTheClock(PolicySpec policy) {
    if (policy == null || policy.getAttestations() == null) {
      return false;
    }
    for (AttestationRule rule : policy.getAttestations()) {
      if (rule != null && rule.getMaxAge() != null && !rule.getMaxAge().isBlank()) {
        return true;
      }
    }
    return false;
  }

  private static String policyHash(PolicySpec policy) {
    try {
      return sha256(CANONICAL.writeValueAsBytes(policy));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("policy cannot be written as JSON", e);
    }
  }

  /**
   * One hash over every item's source, format, media type, content and annotations, in the order
   * collected (the collection order is deterministic for the same registry content).
   */
  private static String evidenceHash(List<EvidenceItem> items) {
    List<Object> parts = new ArrayList<>();
    for (EvidenceItem item : items) {
      parts.add(
          List.of(
              String.valueOf(item.source()),
              String.valueOf(item.format()),
              String.valueOf(item.mediaType()),
              sha256(item.content()),
              new TreeMap<>(item.annotations())));
    }
    try {
      return sha256(CANONICAL.writeValueAsBytes(parts));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("evidence summary cannot be written as JSON", e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Everything a verdict depends on, each as a hash. */
  private record Key(String digest, String policy, String trustedRoot, String evidence) {}

  @Override
  public String toString() {
    return "VerdictCache[max=" + maxEntries + ", size=" + size() + "]";
  }
}
