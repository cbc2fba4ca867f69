package dev.shipproof.bench;

import dev.shipproof.api.v1alpha1.ConditionTypes;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.promote.VerdictCache;
import dev.shipproof.reconciler.EventRecorder;
import dev.shipproof.reconciler.PromotionReconciler;
import dev.shipproof.reconciler.TrustRoots;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.FakeContext;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Promotions through the real {@link PromotionReconciler}: the fabric8 mock Kubernetes API in CRUD
 * mode, images verified from the evidence fixtures' OCI layout with the verdict cache on (as the
 * operator runs), and 10 generated bare repositories over {@code file://} (served by git's own
 * programs, {@link LocalGitServer}) holding 10 Environments each, every Environment its own
 * kustomization. A pool of the operator SDK's default size calls reconcile concurrently, as the SDK
 * would; a promotion that is not finished yet (rescheduled or errored) is reconciled again shortly
 * after. Each Environment's promotions alternate between the two verified digests, so every one of
 * them must push exactly one commit.
 */
final class ReconcilerThroughput {
  static final String NAMESPACE = "bench";
  static final String IMAGE = "localhost:5000/acme/api";
  static final int REPOS = 10;
  static final int ENVS_PER_REPO = 10;
  private static final int HISTORY = 1_000;

  /**
   * After an error, the SDK's first retry interval (its default retry, which Shipproof keeps).
   */
  private static final long RETRY_MS = 2_000;

  private ReconcilerThroughput() {}

  /** The figures of one run, for the smoke test. */
  record Result(int promotions, int succeeded, int pushed, int distinctCommits, int newCommits) {}

  /**
   * Runs {@code promotions} promotions (a multiple of 100) and prints the table.
   *
   * @param cache where generated repositories are cached
   * @param work scratch directory
   */
  static Result run(Path cache, Path work, int promotions, PrintStream out) throws Exception {
    return run(cache, work, REPOS, ENVS_PER_REPO, promotions, threads(), out);
  }

  /** The operator SDK's reconciler pool size; Shipproof does not change it. */
  static int threads() {
    return ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER;
  }

  static Result run(
      Path cache,
      Path work,
      int repos,
      int envsPerRepo,
      int promotions,
      int threads,
      PrintStream out)
      throws Exception {
    int envs = repos * envsPerRepo;
    if (promotions % envs != 0) {
      throw new IllegalArgumentException(promotions + " is not a multiple of " + envs);
    }
    int perEnv = promotions / envs;
    List<Path> bares = new ArrayList<>();
    for (int r = 0; r < repos; r++) {
      bares.add(BenchRepos.copy(cache, work, HISTORY, envsPerRepo, IMAGE));
    }
    KubernetesMockServer api =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    ThreadPoolExecutor pool =
        (ThreadPoolExecutor) Executors.newFixedThreadPool(threads, daemon("reconciler"));
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(daemon("later"));
    try (KubernetesClient client = api.createClient()) {
      Clock clock = Clock.systemUTC();
      Promoter promoter =
          new Promoter(
              RegistryRouting.from(Map.of(IMAGE, EvidenceFixtures.layout("complete")), List.of()),
              new SigstoreEvidenceVerifier(),
              new JgitWorkspace(
                  work.resolve("throughput-clones"),
                  clock,
                  d -> Thread.sleep(d.toMillis()),
                  LocalGitServer.gitServes()),
              new VerdictCache(1000));
      PromotionReconciler reconciler =
          new PromotionReconciler(
              promoter,
              new TrustRoots(
                  Optional.of(
                      EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json"))),
              new EventRecorder(clock),
              clock,
              Progress.NONE);
      for (int r = 0; r < repos; r++) {
        for (int k = 0; k < envsPerRepo; k++) {
          client.resource(environment(env(r, k), bares.get(r), k)).create();
        }
      }
      // Created round by round, the order in which a team would apply them.
      List<String> names = new ArrayList<>();
      for (int j = 0; j < perEnv; j++) {
        for (int r = 0; r < repos; r++) {
          for (int k = 0; k < envsPerRepo; k++) {
            String name = env(r, k) + "-p" + j;
            String digest = j % 2 == 0 ? EvidenceFixtures.SINGLE : EvidenceFixtures.INDEX;
            client.resource(promotion(name, env(r, k), IMAGE + "@" + digest)).create();
            names.add(name);
          }
        }
      }

      // The operator SDK's primary cache is an informer's store, so the reconciler's listing of
      // an environment's promotions (the Queued order) reads memory, not the API server.
      SharedIndexInformer<Promotion> informer =
          client.resources(Promotion.class).inNamespace(NAMESPACE).inform();
      Store<Promotion> store = informer.getStore();
      CountDownLatch done = new CountDownLatch(names.size());
      AtomicInteger calls = new AtomicInteger();
      Map<String, Integer> again = new ConcurrentHashMap<>();
      Map<String, Throwable> broken = new ConcurrentHashMap<>();
      long[] cpu0 = CpuTime.read();
      long t0 = System.nanoTime();
      Driver driver =
          new Driver(
              client,
              reconciler,
              pool,
              later,
              done,
              calls,
              again,
              broken,
              FakeContext.cacheOf(store));
      names.forEach(n -> driver.submit(n, 1));
      if (!done.await(20, TimeUnit.MINUTES)) {
        throw new IllegalStateException(done.getCount() + " promotions never finished");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      // This process and the git upload-pack and receive-pack it ran.
      long[] cpu1 = CpuTime.read();
      double cpuSeconds = CpuTime.ms(cpu1[0] - cpu0[0] + cpu1[1] - cpu0[1]) / 1000;
      if (!broken.isEmpty()) {
        throw new IllegalStateException("driver failures: " + broken);
      }

      Map<String, Integer> reasons = new TreeMap<>();
      Set<String> commits = new HashSet<>();
      int succeeded = 0;
      int pushed = 0;
      for (String n : names) {
        PromotionStatus s =
            client.resources(Promotion.class).inNamespace(NAMESPACE).withName(n).get().getStatus();
        String committed =
            s.getConditions().stream()
                .filter(c -> c.getType().equals(ConditionTypes.COMMITTED))
                .map(c -> c.getReason())
                .findFirst()
                .orElse(s.getPhase() + "/" + readyReason(s));
        reasons.merge(s.getPhase() + " " + committed, 1, Integer::sum);
        if (s.getPhase() == Phase.Succeeded) {
          succeeded++;
        }
        if ("Pushed".equals(committed)) {
          pushed++;
          commits.add(s.getCommit());
        }
      }
      int newCommits = 0;
      for (Path bare : bares) {
        newCommits += commitCount(bare) - HISTORY;
      }
      out.printf(
          Locale.ROOT,
          "== reconciler throughput: %,d Promotions, %d Environments in %d repositories"
              + " (%,d commits each, file:// served by git), %d reconciler threads, verdict cache"
              + " on%n",
          names.size(),
          envs,
          repos,
          HISTORY,
          threads);
      out.printf(
          Locale.ROOT,
          "%-12s %10s %14s %8s %10s %8s %12s %12s%n",
          "promotions",
          "total s",
          "promotions/s",
          "CPU s",
          "Succeeded",
          "pushed",
          "new commits",
          "reconciles");
      out.printf(
          Locale.ROOT,
          "%-12d %10.1f %14.1f %8.1f %10d %8d %12d %12d%n",
          names.size(),
          seconds,
          names.size() / seconds,
          cpuSeconds,
          succeeded,
          pushed,
          newCommits,
          calls.get());
      out.printf(Locale.ROOT, "outcomes (phase, Committed reason): %s%n", reasons);
      out.printf(
          Locale.ROOT, "reconciled again after (phase/Ready reason): %s%n", new TreeMap<>(again));
      boolean ok =
          succeeded == names.size()
              && pushed == names.size()
              && commits.size() == names.size()
              && newCommits == names.size();
      out.printf(
          Locale.ROOT,
          "check: all Succeeded and each pushed exactly one commit: %s; goal <= 60 s: %s%n",
          ok ? "yes" : "NO",
          seconds <= 60 ? "met" : "missed");
      informer.close();
      return new Result(names.size(), succeeded, pushed, commits.size(), newCommits);
    } finally {
      pool.shutdownNow();
      later.shutdownNow();
      api.destroy();
    }
  }

  /** Calls reconcile as the operator SDK does, and again later for unfinished promotions. */
  private record Driver(
      KubernetesClient client,
      PromotionReconciler reconciler,
      ThreadPoolExecutor pool,
      ScheduledExecutorService later,
      CountDownLatch done,
      AtomicInteger calls,
      Map<String, Integer> again,
      Map<String, Throwable> broken,
      IndexedResourceCache<Promotion> cache) {

    void submit(String name, int attempt) {
      pool.execute(() -> reconcile(name, attempt));
    }

    private void reconcile(String name, int attempt) {
      try {
        calls.incrementAndGet();
        // As the operator SDK does: the primary from the informer's store, the status written
        // back, no other read. A first reconcile may run before the informer has seen the
        // promotion's latest status; the SDK's can too, and the reconciler must cope.
        Promotion p = cache.get(new ResourceID(name, NAMESPACE)).orElseThrow();
        var ctx = new FakeContext<>(client, p, FakeContext.attempt(attempt, false), cache);
        Optional<Promotion> patch;
        long delay;
        try {
          UpdateControl<Promotion> control = reconciler.reconcile(p, ctx);
          patch = control.isPatchStatus() ? control.getResource() : Optional.empty();
          // The SDK comes back when the reconciler asked it to (a Queued promotion: the
          // queue-recheck interval).
          delay = control.getScheduleDelay().orElse(RETRY_MS);
        } catch (Exception e) {
          patch = reconciler.updateErrorStatus(p, ctx, e).getResource();
          delay = RETRY_MS;
        }
        Promotion now = patch.map(updated -> client.resource(updated).updateStatus()).orElse(p);
        Phase phase = now.getStatus() == null ? null : now.getStatus().getPhase();
        if (phase == Phase.Succeeded || phase == Phase.Failed) {
          done.countDown();
        } else {
          again.merge(
              now.getStatus() == null ? "no status" : phase + "/" + readyReason(now.getStatus()),
              1,
              Integer::sum);
          later.schedule(() -> submit(name, attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
      } catch (RuntimeException e) {
        broken.put(name, e);
        done.countDown();
      }
    }
  }

  private static String readyReason(PromotionStatus s) {
    return s.getConditions().stream()
        .filter(c -> c.getType().equals(ConditionTypes.READY))
        .map(c -> c.getReason())
        .findFirst()
        .orElse("?");
  }

  static String env(int repo, int k) {
    return String.format(Locale.ROOT, "env-r%02d-k%02d", repo, k);
  }

  static Environment environment(String name, Path bare, int k) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl(bare.toUri().toString());
    git.setBranch("main");
    spec.setGit(git);
    TargetSpec target = new TargetSpec();
    target.setPath(BenchRepos.path(k));
    target.setFormat("kustomize");
    target.setImage(IMAGE);
    spec.setTargets(List.of(target));
    spec.setPolicy(Demo.policy());
    env.setSpec(spec);
    return env;
  }

  static Promotion promotion(String name, String env, String image) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(env);
    spec.setImage(image);
    spec.setReason("bench " + name);
    p.setSpec(spec);
    return p;
  }

  private static int commitCount(Path bare) throws Exception {
    Process p =
        new ProcessBuilder("git", "--git-dir=" + bare, "rev-list", "--count", "main")
            .redirectErrorStream(true)
            .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("git rev-list: " + text);
    }
    return Integer.parseInt(text);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "bench-" + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
