package dev.shipproof.bench;

import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.gitops.PromotionInfo;
import dev.shipproof.gitops.PublishOutcome;
import dev.shipproof.gitops.PublishRequest;
import dev.shipproof.gitops.RollbackPlan;
import dev.shipproof.gitops.RollbackQuery;
import dev.shipproof.gitops.RollbackTo;
import dev.shipproof.model.ImageRef;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Times a rollback (plan: lookup of the pinning commit and the pin before it; then revert, commit
 * and push) on generated repositories of 1k, 20k and 100k commits (run with {@code
 * bench/run-rollback-bench}; not a test). The two Shipproof pins sit 20 and 30 commits below the
 * tip in every repository, under unrelated commits, so a lookup that walked all history would show
 * up as a ratio far above 1. Repositories are generated with {@code git fast-import}.
 */
public final class RollbackBench {
  private static final String PATH = "apps/api/overlays/production/kustomization.yaml";
  private static final String IMAGE = "registry.example.com/payments/api";
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);
  private static final int WARMUP = 3;
  private static final int RUNS = 10;

  private RollbackBench() {}

  /** Entry point; optional arguments: commit counts (default 1000 20000 100000). */
  public static void main(String[] args) throws Exception {
    // One INFO line per push would drown the figures.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    for (var h : java.util.logging.Logger.getLogger("").getHandlers()) {
      h.setLevel(java.util.logging.Level.WARNING);
    }
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) {
      sizes.add(Integer.parseInt(a));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(1_000, 20_000, 100_000);
    }
    Path dir = Files.createTempDirectory("shipproof-rollback-bench");
    double[] first = null;
    double[] last = null;
    for (int n : sizes) {
      double[] ms = run(dir, n);
      if (first == null) {
        first = ms;
      }
      last = ms;
    }
    // The minimum is the steadier figure on a shared machine; both are printed.
    System.out.printf(
        Locale.ROOT,
        "ratio %d/%d commits: median %.2f, min %.2f (goal <= 1.2)%n",
        sizes.get(sizes.size() - 1),
        sizes.get(0),
        last[0] / first[0],
        last[1] / first[1]);
  }

  /** The median and minimum time of a rollback on a repository of {@code commits} commits. */
  private static double[] run(Path dir, int commits) throws Exception {
    Path bare = dir.resolve("repo-" + commits + ".git");
    long t0 = System.nanoTime();
    generate(bare, commits);
    double generated = (System.nanoTime() - t0) / 1e6;
    JgitWorkspace ws = new JgitWorkspace(dir.resolve("cache-" + commits), Clock.systemUTC());
    String url = bare.toUri().toString();
    t0 = System.nanoTime();
    rollback(ws, url, "warm-clone");
    double clone = (System.nanoTime() - t0) / 1e6;
    for (int i = 0; i < WARMUP; i++) {
      rollback(ws, url, "warmup-" + i);
    }
    List<Double> times = new ArrayList<>();
    List<Double> lookups = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      lookups.add(rollback(ws, url, "run-" + i));
      times.add((System.nanoTime() - start) / 1e6);
    }
    Collections.sort(times);
    Collections.sort(lookups);
    double median = (times.get(RUNS / 2 - 1) + times.get(RUNS / 2)) / 2;
    System.out.printf(
        Locale.ROOT,
        "%7d commits  lookup (fetch + plan) median %6.1f ms  rollback (plan + revert + push)"
            + " median %7.1f ms  min %7.1f  max %7.1f"
            + "   [fast-import %6.0f ms, first fetch + rollback %6.0f ms]%n",
        commits,
        (lookups.get(RUNS / 2 - 1) + lookups.get(RUNS / 2)) / 2,
        median,
        times.get(0),
        times.get(RUNS - 1),
        generated,
        clone);
    return new double[] {median, times.get(0)};
  }

  /**
   * Plans a rollback to the previous pin and pushes its revert; each run undoes the last. Returns
   * the time of the plan alone, in milliseconds.
   */
  private static double rollback(JgitWorkspace ws, String url, String uid) throws Exception {
    List<PublishRequest.Target> targets = List.of(PublishRequest.Target.kustomize(PATH, IMAGE));
    RollbackQuery q =
        new RollbackQuery(url, "main", "production", targets, new RollbackTo.Previous(), uid, 1000);
    long start = System.nanoTime();
    RollbackPlan plan = ws.plan(q);
    double lookup = (System.nanoTime() - start) / 1e6;
    if (!(plan instanceof RollbackPlan.Ready ready)) {
      throw new IllegalStateException("expected a plan, got " + plan);
    }
    ImageRef ref = ImageRef.parse(IMAGE + "@" + ready.target().digest());
    String message =
        CommitMessage.build(
            new PromotionInfo("bench", "rb-" + uid, uid, "production", ref, "bench", "bench"),
            new CommitMessage.Extras(ready.revert(), ready.current().digest(), null));
    var write =
        new PublishRequest(url, "main", "Bench", "bench@example.com", targets, ref, message, uid);
    PublishOutcome outcome = ws.rollBack(q, ready, false, write);
    if (!(outcome instanceof PublishOutcome.Pushed)) {
      throw new IllegalStateException("expected a push, got " + outcome);
    }
    return lookup;
  }

  /** A bare repository of {@code commits} first-parent commits, written by git fast-import. */
  private static void generate(Path bare, int commits) throws Exception {
    run(List.of("git", "init", "-q", "--bare", "-b", "main", bare.toString()), null);
    Path stream = bare.resolveSibling(bare.getFileName() + ".fi");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(stream), 1 << 20)) {
      for (int i = 1; i <= commits; i++) {
        int fromTip = commits - i;
        String message = "docs " + i + "\n";
        List<String[]> files = new ArrayList<>();
        if (i == 1) {
          files.add(new String[] {PATH, overlay("newTag: \"0.9.0\"")});
        }
        if (fromTip == 30 || fromTip == 20) {
          String digest = fromTip == 30 ? D1 : D2;
          files.add(new String[] {PATH, overlay("digest: " + digest)});
          message =
              CommitMessage.build(
                  new PromotionInfo(
                      "bench",
                      "release-" + i,
                      "uid-" + i,
                      "production",
                      ImageRef.parse(IMAGE + "@" + digest),
                      "release",
                      "bench"));
        } else {
          files.add(new String[] {"docs/notes-" + (i % 50) + ".md", "edit " + i + "\n"});
        }
        write(out, "commit refs/heads/main\nmark :" + i + "\n");
        write(out, "committer Bench <bench@example.com> " + (1_700_000_000L + i) + " +0000\n");
        data(out, message);
        if (i > 1) {
          write(out, "from :" + (i - 1) + "\n");
        }
        for (String[] f : files) {
          write(out, "M 100644 inline " + f[0] + "\n");
          data(out, f[1]);
        }
        write(out, "\n");
      }
    }
    run(List.of("git", "--git-dir=" + bare, "fast-import", "--quiet"), stream);
    Files.delete(stream);
  }

  private static String overlay(String pin) {
    return "images:\n  - name: " + IMAGE + "\n    " + pin + "\n";
  }

  private static void data(OutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(out, "data " + bytes.length + "\n");
    out.write(bytes);
    write(out, "\n");
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void run(List<String> command, Path stdin) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue());
    }
  }
}
