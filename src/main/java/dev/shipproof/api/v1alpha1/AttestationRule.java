package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/**
 * A required attestation: a verified in-toto statement of this predicate type whose subject is the
 * promoted digest, plus the predicate conditions that apply to its type.
 */
public class AttestationRule {
  @Required private String predicateType;

  /** SLSA provenance: {@code runDetails.builder.id} must match. */
  private String builderIdRegExp;

  /** SLSA provenance: source repository, compared without scheme. */
  private String sourceRepo;

  /** SLSA provenance: source ref, e.g. {@code refs/heads/main}. */
  private String sourceRef;

  /** Test result: accepted values of {@code predicate.result}. */
  private List<String> allowedResults = new ArrayList<>();

  public String getPredicateType() {
    return predicateType;
  }

  public void setPredicateType(String predicateType) {
    this.predicateType = predicateType;
  }

  public String getBuilderIdRegExp() {
    return builderIdRegExp;
  }

  public void setBuilderIdRegExp(String builderIdRegExp) {
    this.builderIdRegExp = builderIdRegExp;
  }

  public String getSourceRepo() {
    return sourceRepo;
  }

  public void setSourceRepo(String sourceRepo) {
    this.sourceRepo = sourceRepo;
  }

  public String getSourceRef() {
    return sourceRef;
  }

  public void setSourceRef(String sourceRef) {
    this.sourceRef = sourceRef;
  }

  public List<String> getAllowedResults() {
    return allowedResults;
  }

  public void setAllowedResults(List<String> allowedResults) {
    this.allowedResults = allowedResults;
  }
}
