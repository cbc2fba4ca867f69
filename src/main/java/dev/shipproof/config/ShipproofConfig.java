package dev.shipproof.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Operator configuration (application.properties, environment variables, Helm values). */
@ConfigMapping(prefix = "shipproof")
public interface ShipproofConfig {
  /**
   * Sigstore trusted root ({@code trusted_root.json}) used when an Environment's policy names no
   * ConfigMap. When unset, the Sigstore public-good root shipped with the operator is used.
   */
  Optional<Path> trustedRoot();

  /** Where cached clones of environment repositories live. */
  @WithDefault("${java.io.tmpdir}/shipproof")
  Path workDir();

  /** Registry hosts (with port) that may be reached over plain HTTP, for every environment. */
  Optional<List<String>> insecureRegistries();

  /**
   * Repositories served from a local OCI image layout instead of their registry, keyed by
   * repository name (e.g. {@code localhost:5000/acme/api}); for air-gapped trials and the demo.
   */
  Map<String, Path> ociLayouts();

  /** How often a landed promotion reads its Argo CD or Flux object while it waits for the sync. */
  @WithName("sync.poll-interval")
  @WithDefault("10s")
  Duration syncPollInterval();

  /** Verdicts kept so a repeated promotion of a digest skips re-verification. */
  VerdictCache verdictCache();

  /** Bounds on the evidence read for one digest. */
  Registry registry();

  /** {@code shipproof.verdict-cache.*}. */
  interface VerdictCache {
    /** Allowed verdicts kept, least recently used dropped first; 0 turns the cache off. */
    @WithDefault("1000")
    int size();
  }

  /** {@code shipproof.registry.*}. */
  interface Registry {
    /** Sigstore bundle referrers followed per digest (TooManyReferrers beyond). */
    @WithDefault("256")
    int maxReferrers();

    /** Bytes of one evidence blob (EvidenceTooLarge beyond); default 16 MiB. */
    @WithDefault("16777216")
    long maxBlobBytes();

    /** Bytes of all evidence read for one digest (EvidenceTooLarge beyond); default 64 MiB. */
    @WithDefault("67108864")
    long maxEvidenceBytes();
  }

  /** The git write path: parallelism, push retries and the clone cache. */
  Git git();

  /** {@code shipproof.git.*}. */
  interface Git {
    /**
     * Promotions writing to different repositories at the same time; promotions of one repository
     * and branch always run one at a time.
     */
    @WithDefault("4")
    int maxParallelRepos();

    /**
     * How long a fetch, push or ls-remote waits for the git server (to connect, and at each wait
     * for an answer) before it fails as an outage (GitUnavailable, retried with backoff). Whole
     * seconds, at least 1.
     */
    @WithDefault("60s")
    Duration timeout();

    /** Push attempts per promotion when the branch moved meanwhile (BranchBusy after the last). */
    @WithDefault("5")
    int pushAttempts();

    /** Working clones kept warm; the least recently used is deleted beyond this. */
    @WithName("cache.max-clones")
    @WithDefault("64")
    int cacheMaxClones();

    /** A working clone unused this long is deleted. */
    @WithName("cache.max-idle")
    @WithDefault("24h")
    Duration cacheMaxIdle();
  }

  /** How the reconciler paces promotions. */
  Reconcile reconcile();

  /** {@code shipproof.reconcile.*}. */
  interface Reconcile {
    /**
     * How soon a promotion queued behind an older one of its environment (reason Queued) looks
     * again.
     */
    @WithDefault("2s")
    Duration queueRecheck();

    /**
     * Attempts in a row that may fail with the same unexpected error (InternalError) before the
     * promotion is given up as Failed. Outages are retried without a limit.
     */
    @WithDefault("5")
    int internalErrorAttempts();
  }

  /** Stopping the operator. */
  Shutdown shutdown();

  /** {@code shipproof.shutdown.*}. */
  interface Shutdown {
    /**
     * How long running promotions (a git push in flight) may take to finish after SIGTERM before
     * they are abandoned; the pod's terminationGracePeriodSeconds must be longer.
     */
    @WithDefault("20s")
    Duration grace();
  }

  /** How much git history a rollback reads. */
  Rollback rollback();

  /** Rollback settings. */
  interface Rollback {
    /**
     * Commits a rollback may read from the branch tip, through every parent, to find the commit
     * that pinned the current digest and the pin to go back to; past it the rollback fails with
     * {@code HistoryLimitReached}.
     */
    @WithDefault("1000")
    int historyLimit();

    /**
     * Commits read, through every parent, to rebuild an environment's quarantine from git trailers:
     * before verification while its status holds none, and on the tip each write commits on.
     */
    @WithDefault("10000")
    int quarantineHistoryLimit();
  }
}
