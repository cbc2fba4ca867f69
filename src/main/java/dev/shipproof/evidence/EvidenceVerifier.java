package dev.shipproof.evidence;

import dev.shipproof.model.Claim;
import dev.shipproof.model.EvidenceItem;
import java.util.List;

/**
 * Checks the cryptography of evidence found for one digest and says what each item claims. It
 * decides nothing about identities or predicates: that is the policy's job. A rejected item is a
 * {@link Claim} with a {@link Claim.Rejection}, never an exception.
 */
public interface EvidenceVerifier {

  /**
   * Verifies every item against the trusted root.
   *
   * @param digest the promoted digest, {@code sha256:<64 hex>}
   * @param manifestBytes the exact manifest bytes of that digest (a message signature signs them)
   * @param items the evidence found for the digest, not yet verified
   * @param trust the trusted root (Fulcio, CT logs, Rekor, timestamp authorities)
   * @return one claim per item, in the order of {@code items}
   * @throws IllegalArgumentException when the digest is malformed or the manifest bytes do not hash
   *     to it (the caller must hand over verified bytes)
   */
  List<Claim> verify(
      String digest, byte[] manifestBytes, List<EvidenceItem> items, TrustRoot trust);
}
