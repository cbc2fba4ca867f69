package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.promote.PromotionMetrics;
import dev.shipproof.promote.RepoSlots;
import dev.shipproof.promote.SlottedWorkspace;
import dev.shipproof.promote.VerdictCache;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.FakeContext;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The concurrency proof: 50 Promotions into 10 Environments whose overlays all live on ONE branch
 * of one bare repository, run through the real reconciler by 8 threads the way the operator SDK
 * runs it (never the same Promotion twice at once, rescheduled ones come back after their delay),
 * in a shuffled order, while an outside writer commits an unrelated file to the same branch every
 * 100 ms. The bare repository refuses non-fast-forward pushes.
 */
@EnableKubernetesMockClient(crud = true)
class ConcurrentPromotionsTest {
  static final String NS = "shop";
  static final String IMAGE = "localhost:5000/acme/api";
  static final int ENVIRONMENTS = 10;
  static final int PER_ENVIRONMENT = 5;
  static final int THREADS = 8;

  KubernetesClient client;
  @TempDir Path tmp;
  Path bare;
  PromotionReconciler reconciler;
  ScheduledExecutorService operatorThreads;

  @BeforeEach
  void setUp() throws Exception {
    bare = tmp.resolve("deploy.git");
    seed();
    Clock clock = Clock.systemUTC();
    Promoter promoter =
        new Promoter(
            RegistryRouting.from(Map.of(IMAGE, EvidenceFixtures.layout("complete")), List.of()),
            new SigstoreEvidenceVerifier(),
            new SlottedWorkspace(new JgitWorkspace(tmp.resolve("clones"), clock), new RepoSlots(4)),
            // As in the operator: a digest verified once is not verified again for a while.
            new VerdictCache(1000));
    EventRecorder events = new EventRecorder(clock);
    reconciler =
        new PromotionReconciler(
            promoter,
            new TrustRoots(
                Optional.of(
                    EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json"))),
            events,
            clock,
            Progress.NONE,
            PromotionMetrics.NONE,
            new SyncWatcher(events, clock, PromotionMetrics.NONE, SyncWatcher.DEFAULT_POLL),
            new Scheduling(Duration.ofSeconds(1), 5, new ShutdownDrain()));
    operatorThreads = Executors.newScheduledThreadPool(THREADS);
  }

  @AfterEach
  void stop() {
    operatorThreads.shutdownNow();
  }

  @Test
  void fiftyPromotionsIntoTenEnvironmentsOnOneBranchLandInOrderBesideAnOutsideWriter()
      throws Exception {
    for (int e = 0; e < ENVIRONMENTS; e++) {
      client.resource(environment(e)).create();
    }
    // Created round by round, so each environment's promotions are interleaved with the others'.
    List<String> names = new ArrayList<>();
    for (int round = 1; round <= PER_ENVIRONMENT; round++) {
      for (int e = 0; e < ENVIRONMENTS; e++) {
        String name = String.format("env-%02d-r%d", e, round);
        // Alternate the two verified digests, so every promotion changes its environment's pin.
        create(name, envName(e), round % 2 == 1 ? EvidenceFixtures.SINGLE : EvidenceFixtures.INDEX);
        names.add(name);
      }
    }
    OutsideWriter outside = new OutsideWriter();
    Thread writer = new Thread(outside, "outside-writer");
    long start = System.nanoTime();
    writer.start();

    CountDownLatch finished = new CountDownLatch(names.size());
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    List<String> shuffled = new ArrayList<>(names);
    Collections.shuffle(shuffled, new Random(6));
    for (String name : shuffled) {
      operatorThreads.execute(() -> reconcileUntilDone(name, finished, runs));
    }
    boolean allDone = finished.await(150, TimeUnit.SECONDS);
    long promotedMillis = (System.nanoTime() - start) / 1_000_000;
    outside.stop();
    writer.join(10_000);

    assertThat(allDone).as("every promotion finished in time: %s", summary(names)).isTrue();
    Map<String, PromotionStatus> statuses = new HashMap<>();
    for (String name : names) {
      statuses.put(name, get(name).getStatus());
    }
    assertThat(statuses.values())
        .extracting(PromotionStatus::getPhase)
        .containsOnly(Phase.Succeeded);

    History history = history();
    assertThat(history.merges).as("merge commits").isZero();
    Map<String, Integer> commitsPerPromotion = new HashMap<>();
    for (String promotion : history.promotionsOldestFirst) {
      commitsPerPromotion.merge(promotion, 1, Integer::sum);
    }
    assertThat(commitsPerPromotion).hasSize(names.size());
    assertThat(commitsPerPromotion.values()).as("commits per promotion").containsOnly(1);
    for (int e = 0; e < ENVIRONMENTS; e++) {
      String prefix = String.format("env-%02d-", e);
      List<String> landed =
          history.promotionsOldestFirst.stream().filter(p -> p.startsWith(prefix)).toList();
      List<String> created = names.stream().filter(p -> p.startsWith(prefix)).toList();
      assertThat(landed).as("landing order of " + envName(e)).isEqualTo(created);
      assertThat(statuses.get(created.get(PER_ENVIRONMENT - 1)).getCommit())
          .isEqualTo(history.commitOf.get(created.get(PER_ENVIRONMENT - 1)));
    }
    for (String name : names) {
      assertThat(statuses.get(name).getCommit()).isEqualTo(history.commitOf.get(name));
    }
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      RevCommit tip = walk.parseCommit(repo.resolve("refs/heads/main"));
      for (String id : outside.pushed) {
        assertThat(walk.isMergedInto(walk.parseCommit(repo.resolve(id)), tip))
            .as("outside commit %s still on main (nothing was force-pushed)", id)
            .isTrue();
      }
    }
    assertThat(outside.pushed).as("the outside writer kept writing").hasSizeGreaterThan(5);

    int reconciles = runs.values().stream().mapToInt(AtomicInteger::get).sum();
    long queuedEvents =
        client.v1().events().inNamespace(NS).list().getItems().stream()
            .filter(ev -> Reasons.QUEUED.equals(ev.getReason()))
            .count();
    System.out.printf(
        "ConcurrentPromotionsTest: %d promotions into %d environments on one branch with %d"
            + " threads in %d ms; %d reconciliations, %d Queued events; %d promotion commits,"
            + " %d outside commits (%d lost races rebased), %d commits on main first-parent,"
            + " 0 merges, 0 force pushes%n",
        names.size(),
        ENVIRONMENTS,
        THREADS,
        promotedMillis,
        reconciles,
        queuedEvents,
        history.promotionsOldestFirst.size(),
        outside.pushed.size(),
        outside.rejected.get(),
        history.commits);
  }

  /**
   * One worker turn: reconcile once, then finish, or come back after the requested delay. Each
   * promotion has one chain of turns, so it is never reconciled twice at once (as in the SDK).
   */
  private void reconcileUntilDone(
      String name, CountDownLatch finished, Map<String, AtomicInteger> runs) {
    int attempt = runs.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    Promotion p = get(name);
    var ctx = new FakeContext<>(client, p, FakeContext.attempt(attempt, false));
    Duration again = Duration.ofMillis(200);
    try {
      UpdateControl<Promotion> control = reconciler.reconcile(p, ctx);
      if (control.isPatchStatus()) {
        control.getResource().ifPresent(u -> client.resource(u).updateStatus());
      }
      again = control.getScheduleDelay().map(Duration::ofMillis).orElse(again);
    } catch (Exception e) {
      reconciler
          .updateErrorStatus(p, ctx, e)
          .getResource()
          .ifPresent(u -> client.resource(u).updateStatus());
    }
    PromotionStatus status = get(name).getStatus();
    if (status != null && status.getPhase() != null && status.getPhase().isTerminal()) {
      finished.countDown();
      return;
    }
    operatorThreads.schedule(
        () -> reconcileUntilDone(name, finished, runs), again.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Commits a file no promotion touches to main every 100 ms; rebases when it loses a race. */
  private final class OutsideWriter implements Runnable {
    final List<String> pushed = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger rejected = new AtomicInteger();
    private volatile boolean stop;

    void stop() {
      stop = true;
    }

    @Override
    public void run() {
      Path work = tmp.resolve("outside");
      PersonIdent person = new PersonIdent("Release Bot", "bot@example.com");
      try (Git git =
          Git.cloneRepository()
              .setURI(bare.toUri().toString())
              .setDirectory(work.toFile())
              .call()) {
        int n = 0;
        while (!stop) {
          n++;
          while (true) {
            Files.writeString(
                work.resolve("NOTES.md"), "outside change " + n + "\n", StandardCharsets.UTF_8);
            git.add().addFilepattern("NOTES.md").call();
            RevCommit c =
                git.commit().setMessage("notes " + n).setAuthor(person).setCommitter(person).call();
            Iterable<PushResult> results =
                git.push()
                    .setRemote("origin")
                    .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
                    .call();
            RemoteRefUpdate update = results.iterator().next().getRemoteUpdate("refs/heads/main");
            if (update.getStatus() == RemoteRefUpdate.Status.OK) {
              pushed.add(c.getName());
              break;
            }
            rejected.incrementAndGet();
            git.fetch().setRemote("origin").call();
            git.reset()
                .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
                .setRef("refs/remotes/origin/main")
                .call();
          }
          Thread.sleep(100);
        }
      } catch (Exception e) {
        throw new IllegalStateException("outside writer failed", e);
      }
    }
  }

  private record History(
      List<String> promotionsOldestFirst, Map<String, String> commitOf, int merges, int commits) {}

  /** First-parent history of main, oldest first, with each commit's promotion trailer. */
  private History history() throws Exception {
    List<String> promotions = new ArrayList<>();
    Map<String, String> commitOf = new HashMap<>();
    int merges = 0;
    int commits = 0;
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(repo.resolve("refs/heads/main"));
      while (c != null) {
        commits++;
        if (c.getParentCount() > 1) {
          merges++;
        }
        String trailer = CommitMessage.trailers(c.getFullMessage()).get(CommitMessage.PROMOTION);
        if (trailer != null) {
          // "<namespace>/<name> <uid>"
          String name = trailer.substring(trailer.indexOf('/') + 1, trailer.indexOf(' '));
          promotions.add(name);
          commitOf.put(name, c.getName());
        }
        c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
      }
    }
    Collections.reverse(promotions);
    return new History(promotions, commitOf, merges, commits);
  }

  private void seed() throws Exception {
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      StoredConfig config = repo.getConfig();
      config.setBoolean("receive", null, "denyNonFastForwards", true);
      config.setBoolean("receive", null, "denyDeletes", true);
      // A git server packs in the background; JGit's in-process receive-pack would otherwise run
      // a synchronous auto-gc inside every push once 50 packs exist.
      config.setBoolean("receive", null, "autogc", false);
      config.save();
    }
    Path seed = tmp.resolve("seed");
    try (Git git =
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(seed.toFile()).call()) {
      for (int e = 0; e < ENVIRONMENTS; e++) {
        Path file = seed.resolve(overlay(e));
        Files.createDirectories(file.getParent());
        Files.writeString(
            file,
            "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\n"
                + "resources:\n"
                + "  - ../../base\n"
                + "images:\n"
                + "  - name: "
                + IMAGE
                + "\n"
                + "    newTag: \"0.9.0\"\n",
            StandardCharsets.UTF_8);
      }
      git.add().addFilepattern(".").call();
      PersonIdent person = new PersonIdent("Seed", "seed@example.com");
      git.commit().setMessage("seed").setAuthor(person).setCommitter(person).call();
      git.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    }
  }

  private static String envName(int e) {
    return String.format("env-%02d", e);
  }

  private static String overlay(int e) {
    return "apps/api/overlays/" + envName(e) + "/kustomization.yaml";
  }

  private Environment environment(int e) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName(envName(e)).withNamespace(NS).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl(bare.toUri().toString());
    git.setBranch("main");
    spec.setGit(git);
    TargetSpec target = new TargetSpec();
    target.setPath(overlay(e));
    target.setFormat("kustomize");
    target.setImage(IMAGE);
    spec.setTargets(List.of(target));
    spec.setPolicy(Demo.policy());
    env.setSpec(spec);
    return env;
  }

  private void create(String name, String env, String digest) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(env);
    spec.setImage(IMAGE + "@" + digest);
    spec.setReason("concurrency proof " + name);
    p.setSpec(spec);
    client.resource(p).create();
  }

  /** Phase and Ready reason of each promotion, counted. */
  private Map<String, Integer> summary(List<String> names) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (String name : names) {
      PromotionStatus s = get(name).getStatus();
      String key =
          s == null
              ? "none"
              : s.getPhase()
                  + "/"
                  + s.getConditions().stream()
                      .filter(c -> c.getType().equals("Ready"))
                      .map(c -> c.getReason())
                      .findFirst()
                      .orElse("")
                  + (s.getPhase() == Phase.Errored ? " " + s.getMessage() : "");
      counts.merge(key, 1, Integer::sum);
    }
    return counts;
  }

  private Promotion get(String name) {
    return client.resources(Promotion.class).inNamespace(NS).withName(name).get();
  }
}
