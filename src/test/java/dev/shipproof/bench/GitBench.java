package dev.shipproof.bench;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.gitops.PromotionInfo;
import dev.shipproof.gitops.PublishOutcome;
import dev.shipproof.gitops.PublishRequest;
import dev.shipproof.gitops.TipGuard;
import dev.shipproof.model.ImageRef;
import dev.shipproof.promote.HistoryLimits;
import dev.shipproof.promote.QuarantineLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Git at production scale (run with {@code bench/run-git-bench [--quick] [SECTION...]}; not a
 * test). Every repository is a generated bare repository read and written over {@code file://}, so
 * the figures are git's and Shipproof's own work without any network. Sections:
 *
 * <ul>
 *   <li>{@code promote}: a warm promotion (pin a new digest into one kustomization of a 20k-commit,
 *       2,000-file repository) by {@link JgitWorkspace#publish} against the git CLI doing the same
 *       from a shallow clone (A) and from a persistent clone it pulls (B), interleaved round-robin
 *       in the same run.
 *   <li>{@code scale}: the same warm promotion on 1k, 20k and 100k commits, interleaved.
 *   <li>{@code throughput}: 1,000 Promotions through the real reconciler ({@link
 *       ReconcilerThroughput}).
 *   <li>{@code rss}: the resident memory of the real operator process watching 100 Environments
 *       ({@link OperatorRss}).
 * </ul>
 */
public final class GitBench {
  static final String AUTHOR = "Bench";
  static final String EMAIL = "bench@example.com";
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  /** Iteration counts of one run. */
  record Sizes(int warmup, int runs, List<Integer> scaleCommits, int files, int promoteCommits) {
    static final Sizes FULL = new Sizes(3, 30, List.of(1_000, 20_000, 100_000), 2_000, 20_000);
    static final Sizes QUICK = new Sizes(1, 5, List.of(1_000, 20_000, 100_000), 2_000, 20_000);
  }

  private GitBench() {}

  /** Entry point: {@code [--quick] [promote] [scale] [throughput] [rss]} (default: all). */
  public static void main(String[] args) throws Exception {
    quietLogs();
    boolean quick = false;
    Set<String> sections = new LinkedHashSet<>();
    for (String a : args) {
      if (a.equals("--quick")) {
        quick = true;
      } else {
        sections.add(a);
      }
    }
    if (sections.isEmpty()) {
      sections.addAll(List.of("promote", "scale", "throughput", "rss"));
    }
    Sizes sizes = quick ? Sizes.QUICK : Sizes.FULL;
    Path cache = Path.of("target", "bench-repos").toAbsolutePath();
    Path work = Files.createTempDirectory("shipproof-git-bench");
    System.out.printf(
        Locale.ROOT,
        "shipproof git bench (%s): %d cores, %s; repositories are bare, over file://%n",
        quick ? "quick" : "full",
        Runtime.getRuntime().availableProcessors(),
        gitVersion());
    try {
      for (String s : sections) {
        long t0 = System.nanoTime();
        switch (s) {
          case "promote" -> promote(cache, work, sizes);
          case "scale" -> scale(cache, work, sizes);
          case "throughput" ->
              ReconcilerThroughput.run(cache, work, quick ? 200 : 1_000, System.out);
          case "rss" -> OperatorRss.run(work, quick, System.out);
          default -> throw new IllegalArgumentException("unknown section " + s);
        }
        System.out.printf(Locale.ROOT, "  [%s took %.0f s]%n%n", s, (System.nanoTime() - t0) / 1e9);
      }
    } finally {
      BenchRepos.deleteTree(work);
    }
    // The mock API server of the throughput and rss sections leaves non-daemon event-loop threads.
    System.exit(0);
  }

  static void quietLogs() {
    // One INFO line per push would drown the figures.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    for (var h : java.util.logging.Logger.getLogger("").getHandlers()) {
      h.setLevel(java.util.logging.Level.WARNING);
    }
  }

  // --- promote: ours against the git CLI ---------------------------------------------------

  /**
   * The four approaches on one repository, round-robin; prints the table and the ratios. Ours runs
   * twice: against git's own upload-pack and receive-pack (the server A and B use, which the goals
   * compare against) and against JGit's in-process {@code file://} server ({@link LocalGitServer}).
   */
  static double[] promote(Path cache, Path work, Sizes sizes) throws Exception {
    Path bare = BenchRepos.copy(cache, work, sizes.promoteCommits(), sizes.files(), null);
    String url = bare.toUri().toString();
    String path = BenchRepos.path(0);
    String image = BenchRepos.image(0);
    JgitWorkspace ours =
        new JgitWorkspace(
            work.resolve("ours-cache"),
            Clock.systemUTC(),
            d -> Thread.sleep(d.toMillis()),
            LocalGitServer.gitServes());
    JgitWorkspace inProcess =
        new JgitWorkspace(work.resolve("in-process-cache"), Clock.systemUTC());
    // JGit's in-process server stores every push as a pack of its own, which would make git's
    // auto gc repack during A's and B's pushes: ours' gets a copy of the repository, where an
    // outside commit (untimed) lands before each of its runs, as A's and B's do for the others.
    Path bareIn = BenchRepos.copy(cache, work, sizes.promoteCommits(), sizes.files(), null);
    String urlIn = bareIn.toUri().toString();
    Path outside = work.resolve("cli-outside");
    git(null, "clone", "-q", "--branch", "main", urlIn, outside.toString());
    Path persistent = work.resolve("cli-persistent");
    git(null, "clone", "-q", "--branch", "main", url, persistent.toString());
    long t0 = System.nanoTime();
    ours(ours, url, path, image);
    double cold = ms(t0);
    ours(inProcess, urlIn, path, image);

    int approaches = 4;
    List<List<Double>> wall = new ArrayList<>();
    List<List<Double>> cpu = new ArrayList<>();
    for (int k = 0; k < approaches; k++) {
      wall.add(new ArrayList<>());
      cpu.add(new ArrayList<>());
    }
    for (int i = 0; i < sizes.warmup() + sizes.runs(); i++) {
      boolean measured = i >= sizes.warmup();
      // Rotating the order keeps any one approach from always running right after another.
      for (int k = 0; k < approaches; k++) {
        int which = (i + k) % approaches;
        if (which == 3) {
          pullCli(outside, path, image);
        }
        long[] cpu0 = CpuTime.read();
        long start = System.nanoTime();
        switch (which) {
          case 0 -> shallowCli(work, url, path, image, i);
          case 1 -> pullCli(persistent, path, image);
          case 2 -> ours(ours, url, path, image);
          default -> ours(inProcess, urlIn, path, image);
        }
        double took = ms(start);
        long[] cpu1 = CpuTime.read();
        if (measured) {
          wall.get(which).add(took);
          // The git CLI's time is its children's (reaped by waitFor), ours this process's and, with
          // git serving, its children's too.
          long self = which < 2 ? 0 : cpu1[0] - cpu0[0];
          cpu.get(which).add(CpuTime.ms(self + cpu1[1] - cpu0[1]));
        }
        if (which == 0) {
          BenchRepos.deleteTree(work.resolve("cli-shallow-" + i));
        }
      }
    }
    List<Double> a = wall.get(0);
    List<Double> b = wall.get(1);
    List<Double> o = wall.get(2);
    List<Double> in = wall.get(3);
    System.out.printf(
        Locale.ROOT,
        "== warm promotion: %,d commits x %,d files, file://, %d runs after %d warm-up,"
            + " interleaved%n",
        sizes.promoteCommits(),
        sizes.files(),
        sizes.runs(),
        sizes.warmup());
    System.out.printf(
        Locale.ROOT,
        "%-62s %10s %10s %12s %10s%n",
        "approach",
        "median ms",
        "p90 ms",
        "CPU med ms",
        "CPU p90");
    row("A  git clone --depth 1 + edit + commit + push", a, cpu.get(0));
    row("B  git pull --ff-only + edit + commit + push (warm)", b, cpu.get(1));
    row("ours JgitWorkspace.publish (warm), git serves file://", o, cpu.get(2));
    row("ours' JgitWorkspace.publish (warm), JGit serves in-process", in, cpu.get(3));
    System.out.printf(
        Locale.ROOT,
        "ratio wall ours/A median %.3f p90 %.3f (goal <= 0.1)   ours/B median %.2f p90 %.2f"
            + " (goal <= 1.5)%n"
            + "ratio CPU  ours/A median %.3f   ours/B median %.2f   [first publish, cold clone:"
            + " %.0f ms]%n"
            + "in-process server: ours'/A median %.3f   ours'/B median %.2f (the server's work in"
            + " our JVM)%n",
        median(o) / median(a),
        p90(o) / p90(a),
        median(o) / median(b),
        p90(o) / p90(b),
        median(cpu.get(2)) / median(cpu.get(0)),
        median(cpu.get(2)) / median(cpu.get(1)),
        cold,
        median(in) / median(a),
        median(in) / median(b));
    return new double[] {median(a), median(b), median(o), median(in)};
  }

  // --- scale: ours on 1k, 20k and 100k commits ---------------------------------------------

  /** The warm promotion at each history length, round-robin; prints the largest/smallest ratio. */
  static double[] scale(Path cache, Path work, Sizes sizes) throws Exception {
    List<Integer> commits = sizes.scaleCommits();
    List<String> urls = new ArrayList<>();
    List<JgitWorkspace> spaces = new ArrayList<>();
    List<double[]> setup = new ArrayList<>();
    String path = BenchRepos.path(0);
    String image = BenchRepos.image(0);
    for (int n : commits) {
      long t0 = System.nanoTime();
      Path cached = BenchRepos.cached(cache, n, sizes.files(), null);
      double generated = ms(t0);
      Path bare = BenchRepos.copy(cache, work, n, sizes.files(), null);
      String url = bare.toUri().toString();
      JgitWorkspace ws =
          new JgitWorkspace(
              work.resolve("scale-cache-" + n),
              Clock.systemUTC(),
              d -> Thread.sleep(d.toMillis()),
              LocalGitServer.gitServes());
      t0 = System.nanoTime();
      ours(ws, url, path, image);
      setup.add(new double[] {generated, ms(t0), packMiB(cached)});
      urls.add(url);
      spaces.add(ws);
    }
    List<List<Double>> times = new ArrayList<>();
    List<List<Double>> cpu = new ArrayList<>();
    commits.forEach(n -> times.add(new ArrayList<>()));
    commits.forEach(n -> cpu.add(new ArrayList<>()));
    for (int i = 0; i < sizes.warmup() + sizes.runs(); i++) {
      for (int k = 0; k < commits.size(); k++) {
        int which = (i + k) % commits.size();
        long[] cpu0 = CpuTime.read();
        long start = System.nanoTime();
        ours(spaces.get(which), urls.get(which), path, image);
        if (i >= sizes.warmup()) {
          times.get(which).add(ms(start));
          long[] cpu1 = CpuTime.read();
          cpu.get(which).add(CpuTime.ms(cpu1[0] - cpu0[0] + cpu1[1] - cpu0[1]));
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "== warm promotion by history length: %,d files, file:// served by git, %d runs after %d"
            + " warm-up, interleaved%n",
        sizes.files(),
        sizes.runs(),
        sizes.warmup());
    System.out.printf(
        Locale.ROOT,
        "%9s %10s %10s %12s %10s   %s%n",
        "commits",
        "median ms",
        "p90 ms",
        "CPU med ms",
        "pack MiB",
        "[cache/generate ms, first publish incl. clone ms]");
    for (int k = 0; k < commits.size(); k++) {
      double[] s = setup.get(k);
      System.out.printf(
          Locale.ROOT,
          "%,9d %10.1f %10.1f %12.1f %10.1f   [%.0f, %.0f]%n",
          commits.get(k),
          median(times.get(k)),
          p90(times.get(k)),
          median(cpu.get(k)),
          s[2],
          s[0],
          s[1]);
    }
    int last = commits.size() - 1;
    double ratio = median(times.get(last)) / median(times.get(0));
    System.out.printf(
        Locale.ROOT,
        "ratio ours(%,d)/ours(%,d) median %.2f p90 %.2f CPU median %.2f (goal <= 1.2)%n",
        commits.get(last),
        commits.get(0),
        ratio,
        p90(times.get(last)) / p90(times.get(0)),
        median(cpu.get(last)) / median(cpu.get(0)));
    return new double[] {ratio};
  }

  // --- the three ways of promoting ---------------------------------------------------------

  /** One promotion by Shipproof: a new digest pinned into the kustomization, pushed. */
  static void ours(JgitWorkspace ws, String url, String path, String image) throws Exception {
    int n = SEQUENCE.incrementAndGet();
    ImageRef ref = ImageRef.parse(image + "@" + digest(n));
    String uid = "uid-" + n;
    String message =
        CommitMessage.build(
            new PromotionInfo("bench", "release-" + n, uid, "production", ref, "bench", "bench"));
    var request =
        new PublishRequest(
            url,
            "main",
            AUTHOR,
            EMAIL,
            List.of(PublishRequest.Target.kustomize(path, image)),
            ref,
            message,
            uid);
    PublishOutcome outcome = ws.publish(request.withGuard(quarantineAtTip(ref.digest())));
    if (!(outcome instanceof PublishOutcome.Pushed)) {
      throw new IllegalStateException("expected a push, got " + outcome);
    }
  }

  /**
   * The quarantine check every production write makes on the tip it commits on (the rule and
   * default limit of {@code Quarantines.atTip}), so ours measures what the operator runs.
   */
  private static TipGuard quarantineAtTip(String digest) {
    return new TipGuard(
        "production",
        HistoryLimits.DEFAULTS.quarantineWalk(),
        entries ->
            QuarantineLedger.find(QuarantineLedger.rebuild(entries), digest).isPresent()
                ? Optional.of(
                    new PublishOutcome.Refused(
                        Reasons.DIGEST_QUARANTINED, digest + " is quarantined"))
                : Optional.empty());
  }

  /** Baseline A: a shallow clone, the edit, a commit and a push, then the clone is removed. */
  private static void shallowCli(Path work, String url, String path, String image, int i)
      throws Exception {
    Path dir = work.resolve("cli-shallow-" + i);
    git(null, "clone", "-q", "--depth", "1", "--no-tags", "--branch", "main", url, dir.toString());
    commitAndPush(dir, path, image);
  }

  /** Baseline B: a persistent clone brought up to date, the edit, a commit and a push. */
  private static void pullCli(Path clone, String path, String image) throws Exception {
    git(clone, "pull", "-q", "--ff-only", "origin", "main");
    commitAndPush(clone, path, image);
  }

  private static void commitAndPush(Path dir, String path, String image) throws Exception {
    String digest = digest(SEQUENCE.incrementAndGet());
    Files.writeString(
        dir.resolve(path),
        BenchRepos.overlay(image).replace("newTag: \"0.9.0\"", "digest: " + digest),
        StandardCharsets.UTF_8);
    git(dir, "commit", "-q", "-a", "-m", "promote " + image + "@" + digest);
    git(dir, "push", "-q", "origin", "main");
  }

  static void git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    if (dir != null) {
      command.addAll(List.of("-C", dir.toString()));
    }
    command.addAll(List.of("-c", "user.name=" + AUTHOR, "-c", "user.email=" + EMAIL));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " exited "
              + p.exitValue()
              + ": "
              + new String(out, StandardCharsets.UTF_8));
    }
  }

  private static String gitVersion() {
    try {
      Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor();
      return v;
    } catch (Exception e) {
      return "git version unknown";
    }
  }

  // --- figures -----------------------------------------------------------------------------

  /** A digest nobody else pins: the SHA-256 of the sequence number. */
  static String digest(int n) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(("bench-" + n).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double packMiB(Path bare) throws Exception {
    try (var files = Files.walk(bare.resolve("objects"))) {
      long bytes =
          files
              .filter(Files::isRegularFile)
              .mapToLong(
                  f -> {
                    try {
                      return Files.size(f);
                    } catch (java.io.IOException e) {
                      return 0;
                    }
                  })
              .sum();
      return bytes / (1024.0 * 1024.0);
    }
  }

  static double ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  static void row(String name, List<Double> values, List<Double> cpu) {
    System.out.printf(
        Locale.ROOT,
        "%-62s %10.1f %10.1f %12.1f %10.1f%n",
        name,
        median(values),
        p90(values),
        median(cpu),
        p90(cpu));
  }

  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** The nearest-rank 90th percentile. */
  static double p90(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    int rank = (int) Math.ceil(0.9 * s.size());
    return s.get(Math.max(0, rank - 1));
  }
}
