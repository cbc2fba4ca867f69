package dev.shipproof.policy;

import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.Claim;
import java.util.ArrayList;
import java.util.List;

/**
 * What the policy says about one digest (and, for a multi-arch image, the digests related to it). A
 * denial is a value: {@link #reason()} is a constant from {@link Reasons} and {@link #message()}
 * one readable sentence naming every unmet requirement.
 *
 * @param allowed true only when every requirement is met
 * @param reason {@link Reasons#EVIDENCE_VERIFIED} when allowed, else the first unmet requirement's
 *     reason
 * @param message for humans: what was verified, or everything that is missing and why
 * @param satisfied each met requirement with the claim that met it, in policy order
 * @param unmet each unmet requirement with its reason, in policy order
 * @param evidence the status list: one record per requirement and judged digest, met or not, in
 *     evaluation order (promoted digest first, then each platform manifest)
 */
public record Decision(
    boolean allowed,
    String reason,
    String message,
    List<Satisfied> satisfied,
    List<Unmet> unmet,
    List<EvidenceRecord> evidence) {

  /** Copies the lists so a decision cannot change after it was made. */
  public Decision {
    satisfied = List.copyOf(satisfied);
    unmet = List.copyOf(unmet);
    evidence = List.copyOf(evidence);
  }

  /** A decision whose status list is its met requirements, then its unmet ones. */
  public Decision(
      boolean allowed,
      String reason,
      String message,
      List<Satisfied> satisfied,
      List<Unmet> unmet) {
    this(allowed, reason, message, satisfied, unmet, records(satisfied, unmet));
  }

  private static List<EvidenceRecord> records(List<Satisfied> satisfied, List<Unmet> unmet) {
    var records = new ArrayList<EvidenceRecord>();
    satisfied.forEach(s -> records.add(s.toEvidenceRecord()));
    unmet.forEach(u -> records.add(u.toEvidenceRecord()));
    return records;
  }

  /**
   * A requirement and the verified claim that met it.
   *
   * @param requirement {@code signature} or an attestation predicate type
   * @param claim the verified claim
   * @param summary what the predicate says, e.g. {@code result PASSED}
   * @param digest the digest the requirement was judged for, or null when the caller gave none
   * @param coveredBy the digest whose evidence met it when another than {@code digest} (an index
   *     covering its platform manifest), else null
   */
  public record Satisfied(
      String requirement, Claim claim, String summary, String digest, String coveredBy) {

    /** Met by the judged digest's own evidence, digest unknown. */
    public Satisfied(String requirement, Claim claim, String summary) {
      this(requirement, claim, summary, null, null);
    }

    /** The status entry for this requirement. */
    public EvidenceRecord toEvidenceRecord() {
      var signer = claim.signer();
      var record =
          new EvidenceRecord(
              requirement,
              claim.source(),
              signer == null ? null : signer.toString(),
              signer == null ? null : signer.issuer(),
              summary);
      record.setMet(true);
      record.setDigest(digest);
      record.setCoveredBy(coveredBy);
      record.setKind(kindOf(claim));
      record.setPredicateType(claim.predicateType());
      record.setKeyId(signer == null ? null : signer.keyHint());
      var origin = claim.origin();
      if (origin != null) {
        record.setEnvelopeDigest(origin.envelopeDigest());
        record.setLogIndex(origin.logIndex());
        record.setIntegratedTime(
            origin.integratedTime() == null ? null : origin.integratedTime().toString());
      }
      return record;
    }
  }

  /**
   * A requirement no claim met.
   *
   * @param requirement {@code signature}, an attestation predicate type, or {@code policy} when the
   *     policy itself cannot be applied
   * @param reason a constant from {@link Reasons}
   * @param message why, naming the candidates that came closest
   * @param digest the digest the requirement was judged for, or null when the caller gave none
   */
  public record Unmet(String requirement, String reason, String message, String digest) {

    /** Unmet for the judged digest, digest unknown. */
    public Unmet(String requirement, String reason, String message) {
      this(requirement, reason, message, null);
    }

    /** The status entry for this requirement. */
    public EvidenceRecord toEvidenceRecord() {
      var record = new EvidenceRecord();
      record.setRequirement(requirement);
      record.setMet(false);
      record.setReason(reason);
      record.setMessage(message);
      record.setDigest(digest);
      return record;
    }
  }

  /** The status evidence list: one record per requirement and digest, met or not. */
  public List<EvidenceRecord> evidenceRecords() {
    return evidence;
  }

  /** How status names what met a requirement. */
  static String kindOf(Claim claim) {
    if (claim.kind() == Claim.Kind.ATTESTATION) {
      return PolicyEvaluator.COSIGN_SIGN.equals(claim.predicateType())
          ? "cosign-sign-attestation"
          : "attestation";
    }
    return claim.source() != null && claim.source().endsWith(".sig")
        ? "cosign-signature"
        : "message-signature";
  }
}
