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
  public static final String SIGNER_KEY_UNAVAILABLE = "SignerKeyUnavailable";
  public static final String GIT_UNAVAILABLE = "GitUnavailable";
  public static final String REGISTRY_UNAUTHORIZED = "RegistryUnauthorized";
  public static final String REGISTRY_CREDENTIALS_NOT_FOUND = "RegistryCredentialsNotFound";
  public static final String GIT_CREDENTIALS_NOT_FOUND = "GitCredentialsNotFound";
  public static final String GIT_UNAUTHORIZED = "GitUnauthorized";
  public static final String BRANCH_BUSY = "BranchBusy";
  public static final String QUEUED = "Queued";
  public static final String KUBERNETES_UNAVAILABLE = "KubernetesUnavailable";
  public static final String INTERNAL_ERROR = "InternalError";

  // The registry lied: final.
  public static final String DIGEST_MISMATCH = "DigestMismatch";
  public static final String MANIFEST_NOT_FOUND = "ManifestNotFound";
  public static final String REGISTRY_CONTENT_REFUSED = "RegistryContentRefused";
  public static final String REGISTRY_CREDENTIALS_INVALID = "RegistryCredentialsInvalid";

  // The git Secret or the git host cannot be trusted as configured: final.
  public static final String GIT_CREDENTIALS_INVALID = "GitCredentialsInvalid";
  public static final String GIT_HOST_KEY_UNKNOWN = "GitHostKeyUnknown";

  // Evidence past the bounds on what is read: final.
  public static final String TOO_MANY_REFERRERS = "TooManyReferrers";
  public static final String EVIDENCE_TOO_LARGE = "EvidenceTooLarge";

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

  // Upstream gate and registry copy.
  /** The digest never landed, verified, in the upstream environment: final. */
  public static final String UPSTREAM_NOT_PROMOTED = "UpstreamNotPromoted";

  /** The digest landed upstream but was replaced or reverted there since: final. */
  public static final String UPSTREAM_NOT_PINNED = "UpstreamNotPinned";

  /** The digest has not been pinned upstream for {@code minSoak} yet: waits, then re-checks. */
  public static final String SOAK_INCOMPLETE = "SoakIncomplete";

  /** The upstream Environment does not exist (yet): retried. */
  public static final String UPSTREAM_ENVIRONMENT_NOT_FOUND = "UpstreamEnvironmentNotFound";

  /** The copy at the destination does not have the digest of the source: final. */
  public static final String COPY_DIGEST_MISMATCH = "CopyDigestMismatch";

  /** The destination registry refused part of the copy (a manifest, a blob): final. */
  public static final String COPY_REJECTED = "CopyRejected";

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

  // Sync (condition Synced): Unknown while waiting, then True or False for good.
  public static final String SYNCED = "Synced";
  public static final String WAITING_FOR_SYNC = "WaitingForSync";
  public static final String SYNC_PROGRESSING = "Progressing";
  public static final String SYNC_TARGET_NOT_FOUND = "SyncTargetNotFound";
  public static final String SYNC_FAILED = "SyncFailed";
  public static final String DEGRADED = "Degraded";
  public static final String SYNC_TIMEOUT = "SyncTimeout";
  public static final String SUPERSEDED = "Superseded";

  private Reasons() {}
}
