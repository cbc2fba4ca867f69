package dev.shipproof.api.v1alpha1;

/**
 * The fixed list of condition and event reasons. docs/status-reasons.md explains each one and what
 * to do about it.
 */
public final class Reasons {
  // Spec problems: final.
  public static final String DIGEST_REQUIRED = "DigestRequired";
  public static final String INVALID_REFERENCE = "InvalidReference";
  public static final String INVALID_ENVIRONMENT = "InvalidEnvironment";

  // Waiting on something outside the operator: retried.
  public static final String ENVIRONMENT_NOT_FOUND = "EnvironmentNotFound";
  public static final String REGISTRY_UNAVAILABLE = "RegistryUnavailable";
  public static final String TRUSTED_ROOT_UNAVAILABLE = "TrustedRootUnavailable";
  public static final String GIT_UNAVAILABLE = "GitUnavailable";
  public static final String REGISTRY_UNAUTHORIZED = "RegistryUnauthorized";
  public static final String KUBERNETES_UNAVAILABLE = "KubernetesUnavailable";
  public static final String INTERNAL_ERROR = "InternalError";

  // The registry lied: final.
  public static final String DIGEST_MISMATCH = "DigestMismatch";
  public static final String MANIFEST_NOT_FOUND = "ManifestNotFound";
  public static final String REGISTRY_CONTENT_REFUSED = "RegistryContentRefused";

  // Evidence and policy: final.
  public static final String EVIDENCE_MISSING = "EvidenceMissing";
  public static final String IDENTITY_MISMATCH = "IdentityMismatch";
  public static final String SUBJECT_MISMATCH = "SubjectMismatch";
  public static final String SIGNATURE_INVALID = "SignatureInvalid";
  public static final String PREDICATE_REJECTED = "PredicateRejected";
  public static final String POLICY_DENIED = "PolicyDenied";
  public static final String EVIDENCE_VERIFIED = "EvidenceVerified";

  // Git: final unless noted.
  public static final String TARGET_NOT_FOUND = "TargetNotFound";
  public static final String TARGET_INVALID = "TargetInvalid";
  public static final String PUSH_REJECTED = "PushRejected";
  public static final String PUSHED = "Pushed";
  public static final String ALREADY_UP_TO_DATE = "AlreadyUpToDate";

  // Rollback and quarantine: final unless noted.
  public static final String INVALID_ROLLBACK = "InvalidRollback";
  public static final String NO_EARLIER_PIN = "NoEarlierPin";
  public static final String PIN_EDITED_BY_HAND = "PinEditedByHand";
  public static final String HISTORY_LIMIT_REACHED = "HistoryLimitReached";
  public static final String REVERT_CONFLICT = "RevertConflict";
  public static final String DIGEST_QUARANTINED = "DigestQuarantined";
  public static final String REVERTED = "Reverted";

  // Progress.
  public static final String SUCCEEDED = "Succeeded";

  private Reasons() {}
}
