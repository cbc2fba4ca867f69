package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.RollbackSpec;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.gitops.GitAccess;
import dev.shipproof.registry.RegistryCredentials;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Everything one promotion attempt needs, read from the cluster (or the CLI) beforehand so that
 * {@link Promoter} never talks to Kubernetes.
 *
 * @param namespace namespace of the Promotion
 * @param name name of the Promotion
 * @param uid uid of the Promotion: goes into the commit trailer, so a rerun finds its own work
 * @param environmentName name of the Environment
 * @param environment its spec
 * @param image the requested image, as the user wrote it
 * @param reason why, for the commit body; may be null
 * @param trust the trusted root to verify against
 * @param registryCredentials credentials for the image's registry (from the Environment's {@code
 *     registry.credentialsSecret}), or {@code null} for anonymous access
 * @param overrideReason the Promotion's {@code spec.override.reason}, or {@code null}: bypasses the
 *     upstream gate and is written into the commit as a {@code Shipproof-Override} trailer
 * @param upstream the record of the environment named by {@code spec.upstream}, or {@code null}
 *     when the environment has none or it could not be found (then the promotion waits)
 * @param credentials Docker config JSON for both ends of a registry copy; {@link
 *     CopyCredentials#NONE} for anonymous access
 * @param rollback instead of an image: what to roll back to; {@code null} for a forward promotion
 * @param quarantine the environment's quarantined digests; {@code null} reads them from git
 * @param gitAccess credentials and commit signing for the environment's repository (from {@code
 *     spec.git.credentialsSecret} and {@code spec.git.signingSecret}); {@link GitAccess#ANONYMOUS}
 *     when {@code null}
 * @param created when the Promotion was created: it cannot have pushed a commit before, so the
 *     search for its own commit after a crash may read that far back; {@code null} when unknown
 */
public record PromotionRequest(
    String namespace,
    String name,
    String uid,
    String environmentName,
    EnvironmentSpec environment,
    String image,
    String reason,
    TrustRoot trust,
    RegistryCredentials registryCredentials,
    String overrideReason,
    UpstreamRecord upstream,
    CopyCredentials credentials,
    RollbackSpec rollback,
    QuarantineLedger quarantine,
    GitAccess gitAccess,
    Instant created) {

  /** Fills {@code credentials} with {@link CopyCredentials#NONE} when {@code null}. */
  public PromotionRequest {
    credentials = credentials == null ? CopyCredentials.NONE : credentials;
    gitAccess = gitAccess == null ? GitAccess.ANONYMOUS : gitAccess;
  }

  /** A forward promotion with anonymous registry access, without override or upstream record. */
  public PromotionRequest(
      String namespace,
      String name,
      String uid,
      String environmentName,
      EnvironmentSpec environment,
      String image,
      String reason,
      TrustRoot trust) {
    this(
        namespace,
        name,
        uid,
        environmentName,
        environment,
        image,
        reason,
        trust,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** This request reading the image's registry with {@code registryCredentials}. */
  public PromotionRequest withRegistryCredentials(RegistryCredentials registryCredentials) {
    return with(p -> p.registryCredentials = registryCredentials);
  }

  /** This request with its override reason, upstream record and registry-copy credentials. */
  public PromotionRequest withGates(
      String overrideReason, UpstreamRecord upstream, CopyCredentials credentials) {
    return with(
        p -> {
          p.overrideReason = overrideReason;
          p.upstream = upstream;
          p.credentials = credentials;
        });
  }

  /** This request for a rollback: what to roll back to, and the quarantine to respect. */
  public PromotionRequest withRollback(RollbackSpec rollback, QuarantineLedger quarantine) {
    return with(
        p -> {
          p.rollback = rollback;
          p.quarantine = quarantine;
        });
  }

  /** This request reaching the environment's repository with {@code gitAccess}. */
  public PromotionRequest withGitAccess(GitAccess gitAccess) {
    return with(p -> p.gitAccess = gitAccess);
  }

  /** This request of a Promotion created at {@code created}. */
  public PromotionRequest withCreated(Instant created) {
    return with(p -> p.created = created);
  }

  /** This request as a forward promotion of {@code image} (a rollback's target, verified anew). */
  public PromotionRequest forwardTo(String image) {
    return with(
        p -> {
          p.image = image;
          p.rollback = null;
        });
  }

  /**
   * The components a wither may change; the Promotion's identity and trust are kept as they are.
   */
  private static final class Parts {
    String image;
    RegistryCredentials registryCredentials;
    String overrideReason;
    UpstreamRecord upstream;
    CopyCredentials credentials;
    RollbackSpec rollback;
    QuarantineLedger quarantine;
    GitAccess gitAccess;
    Instant created;
  }

  /** One copy for every wither: this request with {@code change} applied to its parts. */
  private PromotionRequest with(Consumer<Parts> change) {
    Parts p = new Parts();
    p.image = image;
    p.registryCredentials = registryCredentials;
    p.overrideReason = overrideReason;
    p.upstream = upstream;
    p.credentials = credentials;
    p.rollback = rollback;
    p.quarantine = quarantine;
    p.gitAccess = gitAccess;
    p.created = created;
    change.accept(p);
    return new PromotionRequest(
        namespace,
        name,
        uid,
        environmentName,
        environment,
        p.image,
        reason,
        trust,
        p.registryCredentials,
        p.overrideReason,
        p.upstream,
        p.credentials,
        p.rollback,
        p.quarantine,
        p.gitAccess,
        p.created);
  }

  /** Whether the request carries a non-blank override reason. */
  public boolean overridden() {
    return overrideReason != null && !overrideReason.isBlank();
  }
}
