package dev.shipproof.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * Leader election (the Helm chart sets it when {@code leaderElection.enabled}): only the replica
 * that holds the coordination.k8s.io Lease reconciles.
 */
@ConfigMapping(prefix = "shipproof.leader-election")
public interface LeaderElectionConfig {
  /** Name of the Lease; leader election is on only when this is set. */
  Optional<String> leaseName();

  /** Namespace of the Lease; defaults to the namespace the operator runs in. */
  Optional<String> leaseNamespace();
}
