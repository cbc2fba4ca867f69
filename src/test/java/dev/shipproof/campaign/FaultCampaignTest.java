package dev.shipproof.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.ConditionTypes;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.OverrideSpec;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.RollbackSpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.gitops.WorkspaceFaults;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.promote.VerdictCache;
import dev.shipproof.reconciler.EventRecorder;
import dev.shipproof.reconciler.PromotionReconciler;
import dev.shipproof.reconciler.TrustRoots;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.FakeContext;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.MovableClock;
import dev.shipproof.testing.OutsideWriter;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault campaign of issue #6: hundreds of promotions and some rollbacks through the real
 * reconciler, with a crash injected at every step boundary (after the fetch, after the edit, after
 * the commit before the push, after the push before any status, during the Environment status
 * write, during the Promotion status write) and lost races (an outside writer moving the branch
 * right before the push). A crash is an exception thrown from a seam, followed by a restart: a new
 * workspace, promoter and reconciler on the same clone cache and the same API server, as after a
 * pod restart. The Kubernetes API is fabric8's mock server in CRUD mode; images come from the OCI
 * layout fixtures, one with complete evidence and one signed by the wrong identity.
 *
 * <p>Seeded: {@code -Dshipproof.campaign.seed=N} replays a run; {@code
 * -Dshipproof.campaign.promotions=N} sets its size. The invariants are read back from the bare
 * repositories and the API: nothing unverified pinned, no promotion in two commits, no promotion
 * lost, every status consistent with git.
 */
// Plain HTTP: TLS on the mock server costs more CPU than the promotions.
@EnableKubernetesMockClient(crud = true, https = false)
class FaultCampaignTest {
  private static final Logger LOG = Logger.getLogger(FaultCampaignTest.class);

  static final long DEFAULT_SEED = 6_2026_12_04L;
  static final String NS = "campaign";
  static final String API = "localhost:5000/acme/api";
  static final String EVIL = "localhost:5000/acme/evil";
  static final String SINGLE = EvidenceFixtures.SINGLE;
  static final String INDEX = EvidenceFixtures.INDEX;
  static final String ARM64 = EvidenceFixtures.ARM64;
  static final Set<String> VERIFIED = Set.of(SINGLE, INDEX);
  static final int REPOS = 3;
  static final int ENVIRONMENTS = 6;
  static final int BATCH = 4;
  static final int MAX_ATTEMPTS = 40;

  /** Where a crash is injected. */
  enum Seam {
    AFTER_FETCH,
    AFTER_EDIT,
    AFTER_COMMIT_BEFORE_PUSH,
    AFTER_PUSH_BEFORE_STATUS,
    DURING_ENVIRONMENT_STATUS_WRITE,
    DURING_PROMOTION_STATUS_WRITE
  }

  /** A crash of the operator process at a seam. */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash(Seam seam) {
      super("injected crash " + seam, null, false, false);
    }
  }

  enum Kind {
    FORWARD,
    UNVERIFIED,
    ROLLBACK
  }

  record Planned(String name, int env, Kind kind, String image) {}

  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path tmp;

  // Commits are stamped after the API server's creation times, as on a real cluster.
  private final MovableClock clock = new MovableClock(Instant.now());
  private final VerdictCache verdicts = new VerdictCache(100);
  private final List<Path> repos = new ArrayList<>();
  private final Map<Seam, Integer> crashes = new EnumMap<>(Seam.class);
  private final List<String> violations = new ArrayList<>();
  private Random random;
  private PromotionReconciler reconciler;
  private Seam armed;
  private boolean raceArmed;
  private int currentEnv;
  private int races;
  private int restarts;
  private int reconciles;
  private int storms;
  private long restartNanos;
  private long reconcileNanos;

  @Test
  void everyPromotionLandsAtMostOnceAndNothingUnverifiedLands() throws Exception {
    long seed = Long.getLong("shipproof.campaign.seed", DEFAULT_SEED);
    int total = Integer.getInteger("shipproof.campaign.promotions", 520);
    random = new Random(seed);
    long started = System.nanoTime();
    long cpuStarted = processCpuNanos();
    createWorld();
    restart();

    List<Planned> all = new ArrayList<>();
    for (int i = 0; i < total; i += BATCH) {
      List<Planned> batch = new ArrayList<>();
      for (int j = i; j < Math.min(total, i + BATCH); j++) {
        Planned p = plan(j);
        create(p);
        batch.add(p);
      }
      runToTheEnd(batch);
      all.addAll(batch);
    }
    Counts counts = check(all);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    double cpu = (processCpuNanos() - cpuStarted) / 1e9;

    String report =
        String.format(
            "fault campaign seed=%d: promotions=%d (forward=%d, unverified=%d, rollbacks=%d)"
                + " reconciles=%d restarts=%d crashes=%s races=%d storms=%d | pushes=%d"
                + " succeeded=%d failed=%d | duplicates=%d unverified-pushes=%d lost=%d"
                + " inconsistent=%d | verdict cache hits=%d misses=%d | time=%.1fs (reconcile"
                + " %.1fs, restarts %.1fs; process CPU %.1fs)",
            seed,
            all.size(),
            count(all, Kind.FORWARD),
            count(all, Kind.UNVERIFIED),
            count(all, Kind.ROLLBACK),
            reconciles,
            restarts,
            crashes,
            races,
            storms,
            counts.pushes,
            counts.succeeded,
            counts.failed,
            counts.duplicates,
            counts.unverified,
            counts.lost,
            counts.inconsistent,
            verdicts.hits(),
            verdicts.misses(),
            took.toMillis() / 1000.0,
            reconcileNanos / 1e9,
            restartNanos / 1e9,
            cpu);
    System.out.println(report);
    LOG.info(report);
    assertThat(violations).as(report).isEmpty();
    assertThat(all).hasSizeGreaterThanOrEqualTo(Math.min(total, 500));
    assertThat(crashes.values().stream().mapToInt(Integer::intValue).sum()).isPositive();
    assertThat(crashes).as("every seam crashed at least once").hasSize(Seam.values().length);
    assertThat(races).isPositive();
  }

  // --- the world -----------------------------------------------------------------------------

  private void createWorld() throws Exception {
    for (int r = 0; r < REPOS; r++) {
      Path bare = tmp.resolve("repo-" + r + ".git");
      GitFixture.kustomizeOverlay(bare, List.of(API, EVIL));
      // The outside writer puts objects straight into the bare repository, beside JGit's own
      // file:// receive-pack, which would repack and prune it in the background past 50 packs
      // (one per push): a race no real server has (once: "Unable to create new object").
      try (Repository repo = Git.open(bare.toFile()).getRepository()) {
        repo.getConfig().setBoolean("receive", null, "autogc", false);
        repo.getConfig().save();
      }
      repos.add(bare);
    }
    for (int e = 0; e < ENVIRONMENTS; e++) {
      branch(repoOf(e), branchOf(e));
      client.resource(newEnvironment(e)).create();
    }
  }

  /** A fresh operator process: new workspace, promoter and reconciler on the same cache and API. */
  private void restart() {
    long t0 = System.nanoTime();
    try {
      boot();
    } finally {
      restartNanos += System.nanoTime() - t0;
    }
  }

  private void boot() {
    JgitWorkspace workspace = new JgitWorkspace(tmp.resolve("cache"), clock, d -> {}, null);
    WorkspaceFaults.inject(workspace, this::seam);
    Promoter promoter =
        new Promoter(
            RegistryRouting.from(
                Map.of(
                    API,
                    EvidenceFixtures.layout("complete"),
                    EVIL,
                    EvidenceFixtures.layout("neg-wrong-identity")),
                List.of()),
            new SigstoreEvidenceVerifier(),
            workspace,
            // Shared across restarts only to keep the campaign fast; each verdict was computed
            // by the same code on the same evidence.
            verdicts);
    reconciler =
        new PromotionReconciler(
            promoter,
            new TrustRoots(
                Optional.of(
                    EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json"))),
            new EventRecorder(clock),
            clock,
            Progress.NONE);
    restarts++;
  }

  private void seam(String step) {
    if (raceArmed && step.equals(WorkspaceFaults.COMMITTED)) {
      raceArmed = false;
      races++;
      try {
        OutsideWriter.commit(repoOf(currentEnv), branchOf(currentEnv), 1, "race " + races);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    Seam at =
        switch (step) {
          case WorkspaceFaults.FETCHED -> Seam.AFTER_FETCH;
          case WorkspaceFaults.EDITED -> Seam.AFTER_EDIT;
          case WorkspaceFaults.COMMITTED -> Seam.AFTER_COMMIT_BEFORE_PUSH;
          case WorkspaceFaults.PUSHED -> Seam.AFTER_PUSH_BEFORE_STATUS;
          default -> null;
        };
    if (at != null && at == armed) {
      armed = null;
      throw new Crash(at);
    }
  }

  // --- the campaign --------------------------------------------------------------------------

  private Planned plan(int i) {
    int env = random.nextInt(ENVIRONMENTS);
    int roll = random.nextInt(100);
    String name = "p-" + i;
    if (roll < 6) {
      // Unverified: nothing attached to the arm64 child, or evidence from the wrong identity.
      return new Planned(
          name,
          env,
          Kind.UNVERIFIED,
          random.nextBoolean() ? API + "@" + ARM64 : EVIL + "@" + SINGLE);
    }
    if (roll < 14) {
      return new Planned(name, env, Kind.ROLLBACK, null);
    }
    return new Planned(
        name, env, Kind.FORWARD, API + "@" + (random.nextBoolean() ? SINGLE : INDEX));
  }

  /** Reconciles the batch round-robin, with faults, until every promotion is terminal. */
  private void runToTheEnd(List<Planned> batch) throws Exception {
    Map<String, Integer> attempts = new HashMap<>();
    List<Planned> open = new ArrayList<>(batch);
    while (!open.isEmpty()) {
      for (Planned p : List.copyOf(open)) {
        int attempt = attempts.merge(p.name(), 1, Integer::sum);
        if (terminal(p) || attempt > MAX_ATTEMPTS) {
          open.remove(p);
          checkEnvironmentAfter(p);
          continue;
        }
        attemptOnce(p, attempt);
      }
    }
  }

  private void attemptOnce(Planned p, int attempt) throws Exception {
    currentEnv = p.env();
    // Faults on the first attempts only, so every promotion ends.
    boolean faulty = attempt <= 3;
    armed = faulty && random.nextInt(100) < 40 ? pick() : null;
    raceArmed = faulty && random.nextInt(100) < 20;
    if (armed == Seam.DURING_ENVIRONMENT_STATUS_WRITE) {
      // The API refuses the write (as a dying connection would); the operator then dies too.
      server
          .expect()
          .put()
          .withPath(
              "/apis/shipproof.dev/v1alpha1/namespaces/"
                  + NS
                  + "/environments/"
                  + envName(p.env())
                  + "/status")
          .andReturn(422, "{}")
          .once();
    }
    clock.advance(Duration.ofSeconds(1));
    reconciles++;
    Promotion promotion = get(p.name());
    var ctx = new FakeContext<>(client, promotion, FakeContext.attempt(attempt, false));
    Optional<Promotion> patch;
    long t0 = System.nanoTime();
    try {
      UpdateControl<Promotion> control = reconciler.reconcile(promotion, ctx);
      patch = control.isPatchStatus() ? control.getResource() : Optional.empty();
    } catch (Crash crash) {
      crashed(crashSeam(crash));
      return;
    } catch (KubernetesClientException e) {
      if (armed == Seam.DURING_ENVIRONMENT_STATUS_WRITE || e.getCode() == 422) {
        armed = null;
        crashed(Seam.DURING_ENVIRONMENT_STATUS_WRITE);
        return;
      }
      patch = reconciler.updateErrorStatus(promotion, ctx, e).getResource();
    } catch (Exception e) {
      patch = reconciler.updateErrorStatus(promotion, ctx, e).getResource();
    } finally {
      reconcileNanos += System.nanoTime() - t0;
    }
    if (armed == Seam.DURING_PROMOTION_STATUS_WRITE && patch.isPresent()) {
      armed = null;
      crashed(Seam.DURING_PROMOTION_STATUS_WRITE);
      return;
    }
    patch.ifPresent(updated -> client.resource(updated).updateStatus());
  }

  private Seam crashSeam(Crash crash) {
    for (Seam s : Seam.values()) {
      if (crash.getMessage().endsWith(s.name())) {
        return s;
      }
    }
    throw new IllegalStateException(crash.getMessage());
  }

  private void crashed(Seam seam) throws IOException {
    crashes.merge(seam, 1, Integer::sum);
    if (seam == Seam.AFTER_PUSH_BEFORE_STATUS && random.nextInt(100) < 10) {
      // While the operator is down the branch races far ahead: past the 500-commit search window.
      storms++;
      OutsideWriter.commit(repoOf(currentEnv), branchOf(currentEnv), 520, "storm " + storms);
    }
    armed = null;
    raceArmed = false;
    restart();
  }

  private Seam pick() {
    return Seam.values()[random.nextInt(Seam.values().length)];
  }

  // --- invariants ----------------------------------------------------------------------------

  static final class Counts {
    int pushes;
    int duplicates;
    int unverified;
    int lost;
    int inconsistent;
    int succeeded;
    int failed;
  }

  /** Right after a promotion ends: the Environment names the newest Shipproof pin it made. */
  private void checkEnvironmentAfter(Planned p) throws Exception {
    PromotionStatus status = get(p.name()).getStatus();
    if (status == null || status.getPhase() != Phase.Succeeded) {
      return;
    }
    Optional<RevCommit> newest = newestShipproofCommit(p.env());
    if (newest.isEmpty() || !newest.get().getName().equals(status.getCommit())) {
      return;
    }
    EnvironmentStatus env = environment(p.env()).getStatus();
    if (env == null
        || !status.getCommit().equals(env.getCurrentCommit())
        || !status.getDigest().equals(env.getCurrentDigest())) {
      violations.add(
          p.name()
              + " landed "
              + status.getCommit()
              + ", the newest pin of "
              + envName(p.env())
              + ", but the Environment status says "
              + (env == null ? "nothing" : env.getCurrentCommit()));
    }
  }

  private Counts check(List<Planned> all) throws Exception {
    Counts counts = new Counts();
    Map<String, List<String>> commitsByUid = new LinkedHashMap<>();
    Map<String, Set<String>> branchCommits = new HashMap<>();
    for (int e = 0; e < ENVIRONMENTS; e++) {
      Set<String> onBranch = new java.util.HashSet<>();
      for (RevCommit c : history(e)) {
        onBranch.add(c.getName());
        Map<String, String> trailers = CommitMessage.trailers(c.getFullMessage());
        String promotion = trailers.get(CommitMessage.PROMOTION);
        String overlay = file(e, c, GitFixture.OVERLAY);
        if (!pinsOnlyVerified(overlay)) {
          counts.unverified++;
          violations.add("commit " + c.getName() + " on " + branchOf(e) + " pins: " + overlay);
        }
        if (promotion == null) {
          continue;
        }
        counts.pushes++;
        String uid = promotion.strip().substring(promotion.strip().lastIndexOf(' ') + 1);
        commitsByUid.computeIfAbsent(uid, k -> new ArrayList<>()).add(c.getName());
      }
      branchCommits.put(branchOf(e), onBranch);
    }
    commitsByUid.forEach(
        (uid, commits) -> {
          if (commits.size() > 1) {
            counts.duplicates++;
            violations.add("promotion uid " + uid + " is in " + commits.size() + " commits");
          }
        });
    for (Planned p : all) {
      Promotion promotion = get(p.name());
      PromotionStatus status = promotion.getStatus();
      String uid = promotion.getMetadata().getUid();
      List<String> own = commitsByUid.getOrDefault(uid, List.of());
      Phase phase = status == null ? null : status.getPhase();
      if (phase == Phase.Succeeded) {
        counts.succeeded++;
      } else if (phase == Phase.Failed) {
        counts.failed++;
      }
      if (phase == null || !phase.isTerminal()) {
        counts.lost++;
        violations.add(p + " never finished: " + (status == null ? "no status" : phase));
        continue;
      }
      if (p.kind() == Kind.UNVERIFIED && phase != Phase.Failed) {
        violations.add(p + " with unverified evidence ended " + phase);
      }
      if (p.kind() == Kind.FORWARD && phase != Phase.Succeeded) {
        counts.lost++;
        violations.add(p + " should have landed but ended " + phase + ": " + status.getMessage());
      }
      if (!own.isEmpty() && (phase != Phase.Succeeded || !own.get(0).equals(status.getCommit()))) {
        counts.inconsistent++;
        violations.add(
            p + " landed as " + own + " but its status says " + phase + " " + status.getCommit());
      }
      if (phase == Phase.Succeeded) {
        if (!branchCommits.get(branchOf(p.env())).contains(status.getCommit())) {
          counts.lost++;
          violations.add(p + " says " + status.getCommit() + " but that is not on its branch");
        }
        String committed = reason(status, ConditionTypes.COMMITTED);
        if (("Pushed".equals(committed) || "Reverted".equals(committed)) && own.isEmpty()) {
          counts.inconsistent++;
          violations.add(p + " says " + committed + " but no commit names its uid");
        }
      }
    }
    for (int e = 0; e < ENVIRONMENTS; e++) {
      checkEnvironmentAtTheEnd(e);
    }
    return counts;
  }

  /** The Environment's current digest is what the branch tip pins. */
  private void checkEnvironmentAtTheEnd(int e) throws Exception {
    EnvironmentStatus status = environment(e).getStatus();
    List<RevCommit> history = history(e);
    String tipOverlay = file(e, history.get(0), GitFixture.OVERLAY);
    Matcher m =
        Pattern.compile("name: " + Pattern.quote(API) + "\\n\\s+digest: (\\S+)")
            .matcher(tipOverlay);
    if (!m.find()) {
      return;
    }
    if (status == null || !m.group(1).equals(status.getCurrentDigest())) {
      Optional<RevCommit> newest = newestShipproofCommit(e);
      violations.add(
          envName(e)
              + " pins "
              + m.group(1)
              + " at its tip (newest Shipproof commit "
              + newest.map(c -> c.getName() + " " + c.getShortMessage()).orElse("none")
              + ") but its status says "
              + (status == null
                  ? "nothing"
                  : status.getCurrentDigest()
                      + " "
                      + status.getCurrentCommit()
                      + " by "
                      + status.getLastPromotion()));
    }
  }

  private static boolean pinsOnlyVerified(String overlay) {
    Matcher api =
        Pattern.compile("name: " + Pattern.quote(API) + "\\n\\s+(\\w+): (\\S+)").matcher(overlay);
    Matcher evil =
        Pattern.compile("name: " + Pattern.quote(EVIL) + "\\n\\s+(\\w+): (\\S+)").matcher(overlay);
    if (!api.find() || !evil.find()) {
      return false;
    }
    boolean apiOk = api.group(1).equals("newTag") || VERIFIED.contains(api.group(2));
    boolean evilOk = evil.group(1).equals("newTag");
    return apiOk && evilOk;
  }

  // --- helpers -------------------------------------------------------------------------------

  /** CPU time of this JVM (all threads, the mock API server's included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long count(List<Planned> all, Kind kind) {
    return all.stream().filter(p -> p.kind() == kind).count();
  }

  private boolean terminal(Planned p) {
    PromotionStatus s = get(p.name()).getStatus();
    return s != null && s.getPhase() != null && s.getPhase().isTerminal();
  }

  private static String reason(PromotionStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .map(c -> c.getReason())
        .orElse(null);
  }

  private void create(Planned p) {
    Promotion promotion = new Promotion();
    promotion.setMetadata(new ObjectMetaBuilder().withName(p.name()).withNamespace(NS).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(envName(p.env()));
    spec.setReason("campaign " + p.name());
    if (p.kind() == Kind.ROLLBACK) {
      RollbackSpec rollback = new RollbackSpec();
      rollback.setTo("previous");
      spec.setRollback(rollback);
    } else {
      spec.setImage(p.image());
    }
    // Rollbacks quarantine what they leave; the campaign promotes both digests again and again.
    OverrideSpec override = new OverrideSpec();
    override.setReason("fault campaign");
    spec.setOverride(override);
    promotion.setSpec(spec);
    Promotion created = client.resource(promotion).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
  }

  private Promotion get(String name) {
    return client.resources(Promotion.class).inNamespace(NS).withName(name).get();
  }

  private Environment environment(int e) {
    return client.resources(Environment.class).inNamespace(NS).withName(envName(e)).get();
  }

  private Environment newEnvironment(int e) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName(envName(e)).withNamespace(NS).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl(repoOf(e).toUri().toString());
    git.setBranch(branchOf(e));
    spec.setGit(git);
    spec.setTargets(List.of(target(API), target(EVIL)));
    spec.setPolicy(Demo.policy());
    env.setSpec(spec);
    return env;
  }

  private static TargetSpec target(String image) {
    TargetSpec target = new TargetSpec();
    target.setPath(GitFixture.OVERLAY);
    target.setFormat("kustomize");
    target.setImage(image);
    return target;
  }

  private static String envName(int e) {
    return "env-" + e;
  }

  private static String branchOf(int e) {
    return "env-" + e;
  }

  private Path repoOf(int e) {
    return repos.get(e % REPOS);
  }

  private static void branch(Path bare, String name) throws IOException {
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      var update = repo.updateRef("refs/heads/" + name);
      update.setNewObjectId(repo.resolve("refs/heads/main"));
      update.update();
    }
  }

  /** Every commit of the environment's branch, newest first. */
  private List<RevCommit> history(int e) throws Exception {
    try (Git git = Git.open(repoOf(e).toFile())) {
      List<RevCommit> out = new ArrayList<>();
      for (RevCommit c :
          git.log().add(git.getRepository().resolve("refs/heads/" + branchOf(e))).call()) {
        out.add(c);
      }
      return out;
    }
  }

  private Optional<RevCommit> newestShipproofCommit(int e) throws Exception {
    for (RevCommit c : history(e)) {
      if (CommitMessage.trailers(c.getFullMessage()).containsKey(CommitMessage.PROMOTION)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private String file(int e, RevCommit commit, String path) throws IOException {
    try (Repository repo = Git.open(repoOf(e).toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(commit);
      try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
        return new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }
}
