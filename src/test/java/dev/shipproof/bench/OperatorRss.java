package dev.shipproof.bench;

import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.testing.EvidenceFixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

/**
 * The resident memory of the real operator: {@code java -jar target/quarkus-app/quarkus-run.jar
 * operator} started as its own process, with the JVM settings it gets from the Helm chart, against
 * a fabric8 mock Kubernetes API (CRUD mode, 127.0.0.1) in this process that holds 100 Environments
 * and a few Promotions. Once those promotions have landed and the process has settled, VmRSS and
 * VmHWM are read from {@code /proc/<pid>/status}. The packaged operator patches Promotion status by
 * server-side apply, which the stock mock API refuses (415); {@link ApplyingCrudDispatcher} answers
 * it as a merge patch, so the promotions reach {@code Succeeded} as they would on a real cluster.
 *
 * <p>The chart sets no heap size: its container has a 512 MiB memory limit and {@code
 * JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=/tmp -XX:-UsePerfData}, so the JVM sizes itself from the
 * limit. Outside a container the same choice is made with {@code -XX:MaxRAM=512m} (maximum heap a
 * quarter of it) and {@code -XX:+UseSerialGC} (what the JVM picks by itself below 1,792 MB).
 */
final class OperatorRss {
  /** JVM flags equivalent to the chart's container, outside a container. */
  static final List<String> CHART_JVM =
      List.of("-XX:MaxRAM=512m", "-XX:+UseSerialGC", "-XX:-UsePerfData");

  private static final int PROMOTIONS = 5;

  private OperatorRss() {}

  static void run(Path work, boolean quick, PrintStream out) throws Exception {
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    out.printf(
        Locale.ROOT,
        "== operator RSS: %s operator, %s, 100 Environments, %d Promotions,"
            + " fabric8 mock API on 127.0.0.1%n",
        jar.getFileName(),
        String.join(" ", CHART_JVM),
        PROMOTIONS);
    if (!Files.isRegularFile(jar)) {
      out.println("skipped: no " + jar + " (bench/run-git-bench builds it; ./mvnw package)");
      return;
    }
    Path cache = Path.of("target", "bench-repos").toAbsolutePath();
    List<Path> bares = new ArrayList<>();
    for (int r = 0; r < ReconcilerThroughput.REPOS; r++) {
      bares.add(BenchRepos.copy(cache, work, 1_000, ReconcilerThroughput.ENVS_PER_REPO, IMAGE));
    }
    KubernetesMockServer api =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new ApplyingCrudDispatcher(),
            false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    Process operator = null;
    Path log = work.resolve("operator.log");
    try (KubernetesClient client = api.createClient()) {
      for (int r = 0; r < ReconcilerThroughput.REPOS; r++) {
        for (int k = 0; k < ReconcilerThroughput.ENVS_PER_REPO; k++) {
          client
              .resource(
                  ReconcilerThroughput.environment(ReconcilerThroughput.env(r, k), bares.get(r), k))
              .create();
        }
      }
      Path kubeconfig = work.resolve("kubeconfig");
      Files.writeString(kubeconfig, kubeconfig(client.getMasterUrl().toString()));
      List<String> command = new ArrayList<>(List.of(javaBinary()));
      command.addAll(CHART_JVM);
      command.addAll(
          List.of(
              "-Djava.io.tmpdir=" + work,
              "-Dshipproof.work-dir=" + work.resolve("operator-work"),
              "-Dshipproof.trusted-root="
                  + EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json"),
              "-Dshipproof.oci-layouts.\"" + IMAGE + "\"=" + EvidenceFixtures.layout("complete"),
              "-jar",
              jar.toString(),
              "operator"));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      pb.environment().put("KUBECONFIG", kubeconfig.toString());
      pb.environment().remove("KUBERNETES_MASTER");
      pb.environment().remove("JAVA_TOOL_OPTIONS");
      long t0 = System.nanoTime();
      operator = pb.start();
      for (int i = 0; i < PROMOTIONS; i++) {
        String digest = i % 2 == 0 ? EvidenceFixtures.SINGLE : EvidenceFixtures.INDEX;
        client
            .resource(
                ReconcilerThroughput.promotion(
                    "rss-p" + i, ReconcilerThroughput.env(i, 0), IMAGE + "@" + digest))
            .create();
      }
      int landed = 0;
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < deadline && operator.isAlive()) {
        landed = 0;
        for (int i = 0; i < PROMOTIONS; i++) {
          Promotion p =
              client
                  .resources(Promotion.class)
                  .inNamespace(ReconcilerThroughput.NAMESPACE)
                  .withName("rss-p" + i)
                  .get();
          if (p.getStatus() != null && p.getStatus().getPhase() == Phase.Succeeded) {
            landed++;
          }
        }
        if (landed == PROMOTIONS) {
          break;
        }
        Thread.sleep(500);
      }
      double toLanded = (System.nanoTime() - t0) / 1e9;
      if (!operator.isAlive()) {
        out.printf(
            Locale.ROOT,
            "the operator exited with %d before settling; its last lines:%n%s%n",
            operator.exitValue(),
            tail(log, 30));
        return;
      }
      // Settle: informers synced, promotions landed, then idle watching 100 Environments.
      int settle = quick ? 10 : 40;
      long maxRss = 0;
      for (int s = 0; s < settle; s++) {
        Thread.sleep(1000);
        maxRss = Math.max(maxRss, kib(operator.pid(), "VmRSS"));
      }
      long rss = kib(operator.pid(), "VmRSS");
      long hwm = kib(operator.pid(), "VmHWM");
      out.printf(
          Locale.ROOT,
          "%-12s %12s %14s %12s %14s %s%n",
          "Environments",
          "VmRSS MiB",
          "max seen MiB",
          "VmHWM MiB",
          "promotions",
          "[s to landed, settle s]");
      out.printf(
          Locale.ROOT,
          "%-12d %12.1f %14.1f %12.1f %14s [%.1f, %d]%n",
          ReconcilerThroughput.REPOS * ReconcilerThroughput.ENVS_PER_REPO,
          rss / 1024.0,
          maxRss / 1024.0,
          hwm / 1024.0,
          landed + "/" + PROMOTIONS + " Succeeded",
          toLanded,
          settle);
      out.printf(
          Locale.ROOT,
          "goal VmRSS <= 256 MiB: %s (peak VmHWM %s)%n",
          rss <= 256 * 1024 ? "met" : "missed",
          hwm <= 256 * 1024 ? "within" : "above");
      if (landed != PROMOTIONS) {
        out.printf(
            Locale.ROOT, "not every promotion landed; operator log tail:%n%s%n", tail(log, 20));
      }
    } finally {
      if (operator != null) {
        operator.destroy();
        if (!operator.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          operator.destroyForcibly();
        }
      }
      api.destroy();
    }
  }

  private static final String IMAGE = ReconcilerThroughput.IMAGE;

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String kubeconfig(String server) {
    return "apiVersion: v1\nkind: Config\nclusters:\n  - name: bench\n    cluster:\n      server: "
        + server
        + "\ncontexts:\n  - name: bench\n    context:\n      cluster: bench\n      user: bench\n"
        + "      namespace: "
        + ReconcilerThroughput.NAMESPACE
        + "\ncurrent-context: bench\nusers:\n  - name: bench\n    user: {}\n";
  }

  /** A field of {@code /proc/<pid>/status}, in KiB. */
  static long kib(long pid, String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
      }
    }
    throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
  }

  private static String tail(Path log, int lines) throws Exception {
    List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
