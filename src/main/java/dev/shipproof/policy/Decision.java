package dev.shipproof.policy;

import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.Claim;
import java.util.List;

/**
 * What the policy says about one digest. A denial is a value: {@link #reason()} is a constant from
 * {@link Reasons} and {@link #message()} one readable sentence naming every unmet requirement.
 *
 * @param allowed true only when every requirement is met
 * @param reason {@link Reasons#EVIDENCE_VERIFIED} when allowed, else the first unmet requirement's
 *     reason
 * @param message for humans: what was verified, or everything that is missing and why
 * @param satisfied each met requirement with the claim that met it, in policy order
 * @param unmet each unmet requirement with its reason, in policy order
 */
public record Decision(
    boolean allowed, String reason, String message, List<Satisfied> satisfied, List<Unmet> unmet) {

  /** Copies the lists so a decision cannot change after it was made. */
  public Decision {
    satisfied = List.copyOf(satisfied);
    unmet = List.copyOf(unmet);
  }

  /**
   * A requirement and the verified claim that met it.
   *
   * @param requirement {@code signature} or an attestation predicate type
   * @param claim the verified claim
   * @param summary what the predicate says, e.g. {@code result PASSED}
   */
  public record Satisfied(String requirement, Claim claim, String summary) {

    /** The status entry for this requirement. */
    public EvidenceRecord toEvidenceRecord() {
      var signer = claim.signer();
      return new EvidenceRecord(
          requirement,
          claim.source(),
          signer == null ? null : signer.toString(),
          signer == null ? null : signer.issuer(),
          summary);
    }
  }

  /**
   * A requirement no claim met.
   *
   * @param requirement {@code signature}, an attestation predicate type, or {@code policy} when the
   *     policy itself cannot be applied
   * @param reason a constant from {@link Reasons}
   * @param message why, naming the candidates that came closest
   */
  public record Unmet(String requirement, String reason, String message) {}

  /** The status evidence list: one record per met requirement. */
  public List<EvidenceRecord> evidenceRecords() {
    return satisfied.stream().map(Satisfied::toEvidenceRecord).toList();
  }
}
