package dev.shipproof.config;

import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.CloneCacheLimits;
import dev.shipproof.gitops.GitTransports;
import dev.shipproof.gitops.JgitHistory;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.promote.HistoryLimits;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.promote.PromotionMetrics;
import dev.shipproof.promote.RepoSlots;
import dev.shipproof.promote.SlottedWorkspace;
import dev.shipproof.promote.SoakStart;
import dev.shipproof.promote.UpstreamGate;
import dev.shipproof.promote.VerdictCache;
import dev.shipproof.reconciler.EventRecorder;
import dev.shipproof.reconciler.Scheduling;
import dev.shipproof.reconciler.ShutdownDrain;
import dev.shipproof.reconciler.TrustRoots;
import dev.shipproof.registry.EvidenceLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.jboss.logging.Logger;

/** Wires the operator's parts from {@link ShipproofConfig}. */
@ApplicationScoped
public class OperatorBeans {
  private static final Logger LOG = Logger.getLogger(OperatorBeans.class);

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  Promoter promoter(ShipproofConfig config, Clock clock, PromotionMetrics metrics) {
    config
        .ociLayouts()
        .forEach((repo, dir) -> LOG.infof("serving %s from OCI layout %s", repo, dir));
    List<String> insecure = config.insecureRegistries().orElse(List.of());
    var bounds = config.registry();
    return new Promoter(
        RegistryRouting.from(
            config.ociLayouts(),
            insecure,
            new EvidenceLimits(
                bounds.maxReferrers(), bounds.maxBlobBytes(), bounds.maxEvidenceBytes())),
        new SigstoreEvidenceVerifier(),
        // Writes wait for one of shipproof.git.max-parallel-repos slots, one per branch at a time.
        new SlottedWorkspace(
            new JgitWorkspace(
                    config.workDir().resolve("git"),
                    clock,
                    // The workspace waits once before each retried push: that is the retry to
                    // count.
                    wait -> {
                      metrics.pushRetried();
                      Thread.sleep(wait.toMillis());
                    },
                    gitTimeout(config),
                    config.git().pushAttempts())
                .cacheLimits(
                    new CloneCacheLimits(
                        config.git().cacheMaxClones(), config.git().cacheMaxIdle())),
            new RepoSlots(config.git().maxParallelRepos())),
        new UpstreamGate(
            new JgitHistory(config.workDir(), gitTimeout(config)), clock, SoakStart.COMMIT_TIME),
        RegistryRouting.copiers(config.ociLayouts(), insecure),
        metrics,
        new VerdictCache(config.verdictCache().size()),
        new HistoryLimits(
            config.rollback().historyLimit(), config.rollback().quarantineHistoryLimit()));
  }

  @Produces
  @Singleton
  ShutdownDrain shutdownDrain() {
    return new ShutdownDrain();
  }

  @Produces
  @Singleton
  Scheduling scheduling(ShipproofConfig config, ShutdownDrain drain) {
    var r = config.reconcile();
    return new Scheduling(r.queueRecheck(), r.internalErrorAttempts(), drain);
  }

  /** {@code shipproof.git.timeout} for every fetch, push and ls-remote. */
  private static TransportConfigCallback gitTimeout(ShipproofConfig config) {
    long seconds = config.git().timeout().toSeconds();
    return GitTransports.timeout((int) Math.min(Integer.MAX_VALUE, seconds));
  }

  @Produces
  @Singleton
  TrustRoots trustRoots(ShipproofConfig config) {
    return new TrustRoots(config.trustedRoot());
  }

  @Produces
  @Singleton
  EventRecorder events(Clock clock) {
    return new EventRecorder(clock);
  }

  @Produces
  @Singleton
  Progress progress() {
    return (step, detail) -> LOG.debugf("%s: %s", step, detail);
  }
}
