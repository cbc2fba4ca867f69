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

  /** SLSA provenance: the build type must equal this. */
  private String buildType;

  /** SBOMs (and any predicate with a timestamp): the newest acceptable age, e.g. {@code 720h}. */
  private String maxAge;

  /** CEL expressions over {@code predicate} (and {@code statement}); every one must be true. */
  private List<String> conditions = new ArrayList<>();

  /** Who may sign this attestation; when empty, the policy's signatures decide. */
  private List<SignerSpec> signers = new ArrayList<>();

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

  public String getBuildType() {
    return buildType;
  }

  public void setBuildType(String buildType) {
    this.buildType = buildType;
  }

  public String getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(String maxAge) {
    this.maxAge = maxAge;
  }

  public List<String> getConditions() {
    return conditions;
  }

  public void setConditions(List<String> conditions) {
    this.conditions = conditions;
  }

  public List<SignerSpec> getSigners() {
    return signers;
  }

  public void setSigners(List<SignerSpec> signers) {
    this.signers = signers;
  }
}
