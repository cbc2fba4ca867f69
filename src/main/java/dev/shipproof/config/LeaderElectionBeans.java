package dev.shipproof.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Offers the operator SDK a {@link LeaderElectionConfiguration} when a Lease name is configured.
 * The Quarkus extension looks the bean up once at start and treats a null as "no leader election"
 * (it does so only in the prod profile), which is why the producer is {@link Dependent}: only that
 * scope may produce null.
 */
@ApplicationScoped
public class LeaderElectionBeans {
  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection(LeaderElectionConfig config) {
    return of(config);
  }

  /** The SDK's configuration for {@code config}, or null when no Lease name is set. */
  static LeaderElectionConfiguration of(LeaderElectionConfig config) {
    return config
        .leaseName()
        .map(name -> new LeaderElectionConfiguration(name, config.leaseNamespace().orElse(null)))
        .orElse(null);
  }
}
