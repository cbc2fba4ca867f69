package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import java.util.ArrayList;
import java.util.List;

/**
 * What a digest must carry before it may enter the environment. Every signature and attestation
 * counts only if it verifies and names the promoted digest.
 */
public class PolicySpec {
  /**
   * Trusted root (Sigstore {@code trusted_root.json}) from a ConfigMap in the environment's
   * namespace. When absent, the operator's configured trusted root file is used.
   */
  private ConfigMapKeyRef trustedRoot;

  /** Accepted signers. At least one signature by one of them over the digest is required. */
  private List<SignerSpec> signatures = new ArrayList<>();

  /** Attestations that must be present, each signed by one of {@link #signatures}. */
  private List<AttestationRule> attestations = new ArrayList<>();

  /**
   * For an image index: {@code Exact} (default; only evidence naming the promoted digest counts),
   * {@code IndexCoversChildren} (evidence on the index also covers its platform manifests) or
   * {@code EveryChild} (every platform manifest must carry the evidence itself).
   */
  @Default("Exact")
  private String platforms = "Exact";

  public ConfigMapKeyRef getTrustedRoot() {
    return trustedRoot;
  }

  public void setTrustedRoot(ConfigMapKeyRef trustedRoot) {
    this.trustedRoot = trustedRoot;
  }

  public List<SignerSpec> getSignatures() {
    return signatures;
  }

  public void setSignatures(List<SignerSpec> signatures) {
    this.signatures = signatures;
  }

  public List<AttestationRule> getAttestations() {
    return attestations;
  }

  public void setAttestations(List<AttestationRule> attestations) {
    this.attestations = attestations;
  }

  public String getPlatforms() {
    return platforms;
  }

  public void setPlatforms(String platforms) {
    this.platforms = platforms;
  }
}
