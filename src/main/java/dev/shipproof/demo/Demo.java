package dev.shipproof.demo;

import dev.shipproof.api.v1alpha1.AttestationRule;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.KeylessSigner;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.SignerSpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.promote.Promoter;
import dev.shipproof.reconciler.EventRecorder;
import dev.shipproof.reconciler.PromotionReconciler;
import dev.shipproof.reconciler.TrustRoots;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The whole promotion loop on local parts, in one process: the fabric8 mock Kubernetes API in CRUD
 * mode, the operator's reconciler driven by the operator SDK's informers, the fixture image and its
 * Sigstore evidence from an OCI image layout, and a bare git repository.
 */
public final class Demo {
  static final String NAMESPACE = "payments";
  static final String IMAGE = "localhost:5000/acme/api";
  static final String AMD64 =
      "sha256:fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362";
  static final String ARM64 =
      "sha256:9001114091479d5f26248dc698f033a3326746777cc14533c0f5059b4d0dd37b";

  private final PrintStream out;
  private final boolean keep;
  private final PrintStream jsonOut;

  public Demo(PrintStream out, boolean keep) {
    this(out, keep, false);
  }

  /**
   * @param json print only one JSON document (see {@link DemoReport}) instead of the story
   */
  public Demo(PrintStream out, boolean keep, boolean json) {
    this.out = json ? new PrintStream(OutputStream.nullOutputStream()) : out;
    this.keep = keep;
    this.jsonOut = json ? out : null;
  }

  /** Runs the demo; returns 0 when every promotion ended the way the demo expects. */
  public int run() throws Exception {
    DemoWorld world = DemoWorld.create();
    out.println(
        "== Shipproof demo: local OCI layout, local bare git repo, in-process Kubernetes API");
    out.println("   work directory: " + world.root);
    out.println(
        "   Eight promotions of one image into one environment follow: one whose evidence"
            + " verifies and lands as a commit, one refused for a digest with no evidence, one"
            + " refused for naming a tag, a rerun that finds the digest already pinned, a second"
            + " release, a rollback that reverts it (verified again) and quarantines its digest, a"
            + " re-promotion of that digest refused, and a rollback to a never-verified digest"
            + " refused.");

    KubernetesMockServer api =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    Operator operator = null;
    try (KubernetesClient client = api.createClient()) {
      operator = startOperator(client, world);
      client.resource(environment(world)).create();
      out.println("\n$ kubectl apply -f environment.yaml   # Environment payments/production");

      boolean ok = true;
      ok &= promote(client, "api-release-1", IMAGE + "@" + AMD64, "release 1.0.0", "Pushed");
      String pinned = head(world);
      ok &=
          promote(
              client,
              "api-arm64-child",
              IMAGE + "@" + ARM64,
              "try the arm64 child",
              "EvidenceMissing");
      ok &=
          promote(
              client, "api-by-tag", IMAGE + ":1.0.0", "a tag is not a release", "DigestRequired");
      ok &= promote(client, "api-release-1-again", IMAGE + "@" + AMD64, "rerun", "AlreadyUpToDate");
      ok &= check(pinned.equals(head(world)), "only the first promotion pushed a commit");
      ok &= DemoRollback.run(out, client, world, this::check);

      printPromotions(client);
      printEnvironments(client);
      printEvidence(client, "api-release-1");
      printEvents(client);
      DemoRollback.printEnvironment(out, client);
      printGit(world);
      var report =
          DemoReport.collect(client, NAMESPACE, world.bareRepo, world.repoUrl(), "main", ok);
      DemoReport.summary(report, out);
      if (jsonOut != null) {
        jsonOut.println(DemoReport.json(report));
      }
      out.println(ok ? "\ndemo: every promotion ended as expected" : "\ndemo: UNEXPECTED OUTCOME");
      return ok ? 0 : 1;
    } finally {
      if (operator != null) {
        operator.stop();
      }
      api.destroy();
      if (keep) {
        out.println("kept " + world.root);
      } else {
        deleteTree(world.root);
      }
    }
  }

  private Operator startOperator(KubernetesClient client, DemoWorld world) {
    Clock clock = Clock.systemUTC();
    Promoter promoter =
        new Promoter(
            RegistryRouting.from(Map.of(IMAGE, world.layout), List.of()),
            new SigstoreEvidenceVerifier(),
            new JgitWorkspace(world.root.resolve("clones"), clock));
    PromotionReconciler reconciler =
        new PromotionReconciler(
            promoter,
            new TrustRoots(Optional.of(world.trustedRoot)),
            new EventRecorder(clock),
            clock,
            (step, detail) -> out.println("    " + step + ": " + detail));
    // The mock API does not take server-side-apply status patches; a real cluster does.
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withCloseClientOnStop(false));
    operator.register(reconciler);
    operator.start();
    return operator;
  }

  /** Applies a Promotion, waits until it ends, and checks the reason it ended with. */
  private boolean promote(
      KubernetesClient client, String name, String image, String reason, String expectedReason)
      throws InterruptedException {
    out.println("\n$ kubectl apply -f " + name + ".yaml   # image " + image);
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("production");
    spec.setImage(image);
    spec.setReason(reason);
    p.setSpec(spec);
    client.resource(p).create();

    PromotionStatus status = awaitTerminal(client, name);
    String phase =
        status == null || status.getPhase() == null ? "<none>" : status.getPhase().name();
    String why = status == null ? "" : outcomeReason(status);
    out.println("  => " + phase + " (" + why + "): " + (status == null ? "" : status.getMessage()));
    return check(expectedReason.equals(why), name + " ended with " + expectedReason);
  }

  boolean check(boolean holds, String claim) {
    if (!holds) {
      out.println("  !! expected: " + claim);
    }
    return holds;
  }

  /** The reason a user looks for: Committed's on success, Ready's otherwise. */
  static String outcomeReason(PromotionStatus status) {
    String type =
        status.getPhase() == dev.shipproof.api.v1alpha1.Phase.Succeeded ? "Committed" : "Ready";
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getReason())
        .findFirst()
        .orElse("");
  }

  static String head(DemoWorld world) throws java.io.IOException {
    try (Git git = Git.open(world.bareRepo.toFile())) {
      return git.getRepository().resolve("refs/heads/main").getName();
    }
  }

  static PromotionStatus awaitTerminal(KubernetesClient client, String name)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      Promotion p = client.resources(Promotion.class).inNamespace(NAMESPACE).withName(name).get();
      PromotionStatus s = p == null ? null : p.getStatus();
      if (s != null && s.getPhase() != null && s.getPhase().isTerminal()) {
        return s;
      }
      Thread.sleep(100);
    }
    Promotion p = client.resources(Promotion.class).inNamespace(NAMESPACE).withName(name).get();
    return p == null ? null : p.getStatus();
  }

  private void printEnvironments(KubernetesClient client) {
    out.println(
        "\n$ kubectl get environments -n " + NAMESPACE + "   # columns as the CRD defines them");
    String row = "%-12s %-5s %-24s %-12s %s%n";
    out.printf(row, "NAME", "AGE", "LAST PROMOTION", "QUARANTINED", "DIGEST");
    for (Environment e :
        client.resources(Environment.class).inNamespace(NAMESPACE).list().getItems()) {
      EnvironmentStatus s = e.getStatus() == null ? new EnvironmentStatus() : e.getStatus();
      out.printf(
          row,
          e.getMetadata().getName(),
          age(e.getMetadata().getCreationTimestamp()),
          nz(s.getLastPromotion()),
          s.getQuarantined(),
          nz(s.getShortDigest()));
    }
  }

  private void printPromotions(KubernetesClient client) {
    out.println(
        "\n$ kubectl get promotions -n " + NAMESPACE + "   # columns as the CRD defines them");
    String row = "%-22s %-5s %-12s %-10s %-13s %s%n";
    out.printf(row, "NAME", "AGE", "ENVIRONMENT", "PHASE", "COMMIT", "DIGEST");
    List<Promotion> all =
        client.resources(Promotion.class).inNamespace(NAMESPACE).list().getItems();
    all.sort(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()));
    for (Promotion p : all) {
      PromotionStatus s = p.getStatus();
      out.printf(
          row,
          p.getMetadata().getName(),
          age(p.getMetadata().getCreationTimestamp()),
          p.getSpec().getEnvironment(),
          s.getPhase(),
          nz(s.getShortCommit()),
          nz(s.getShortDigest()));
    }
    out.println(
        "\n$ kubectl get promotions -n "
            + NAMESPACE
            + " -o custom-columns='NAME:.metadata.name,READY:.status.conditions[?(@.type==\"Ready\")].reason,COMMITTED:.status.conditions[?(@.type==\"Committed\")].reason'");
    out.printf("%-22s %-16s %s%n", "NAME", "READY", "COMMITTED");
    for (Promotion p : all) {
      out.printf(
          "%-22s %-16s %s%n",
          p.getMetadata().getName(),
          reasonOf(p.getStatus(), "Ready"),
          reasonOf(p.getStatus(), "Committed"));
    }
  }

  private static String reasonOf(PromotionStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getReason())
        .findFirst()
        .orElse("<none>");
  }

  private static String age(String created) {
    if (created == null) {
      return "";
    }
    long seconds = Duration.between(Instant.parse(created), Instant.now()).toSeconds();
    return Math.max(seconds, 0) + "s";
  }

  private void printEvidence(KubernetesClient client, String name) {
    Promotion p = client.resources(Promotion.class).inNamespace(NAMESPACE).withName(name).get();
    out.println("\n# status.evidence and status.conditions of " + name + ", condensed");
    for (EvidenceRecord r : p.getStatus().getEvidence()) {
      out.println("  - " + r.getRequirement());
      out.println("      source: " + r.getSource() + "   signer: " + r.getSigner());
      if (r.getSummary() != null && !r.getSummary().isBlank()) {
        out.println("      " + r.getSummary());
      }
    }
    out.println("  conditions:");
    p.getStatus()
        .getConditions()
        .forEach(
            c ->
                out.println(
                    "    " + c.getType() + "=" + c.getStatus() + " (" + c.getReason() + ")"));
  }

  private void printEvents(KubernetesClient client) {
    out.println("\n$ kubectl get events -n " + NAMESPACE);
    List<Event> events = client.v1().events().inNamespace(NAMESPACE).list().getItems();
    events.sort(Comparator.comparing(Event::getLastTimestamp));
    for (Event e : events) {
      out.printf(
          "  %-8s %-18s promotion/%-20s %s%n",
          e.getType(), e.getReason(), e.getInvolvedObject().getName(), e.getMessage());
    }
  }

  private void printGit(DemoWorld world) throws Exception {
    out.println("\n$ git log main   # " + world.repoUrl());
    try (Git git = Git.open(world.bareRepo.toFile())) {
      for (RevCommit c : git.log().call()) {
        out.println("commit " + c.getName());
        out.println(
            "Author: "
                + c.getAuthorIdent().getName()
                + " <"
                + c.getAuthorIdent().getEmailAddress()
                + ">");
        out.println();
        c.getFullMessage().lines().forEach(l -> out.println("    " + l));
        out.println();
      }
    }
    out.println("$ git show main:" + DemoWorld.OVERLAY);
    try (Git git = Git.open(world.bareRepo.toFile())) {
      var repo = git.getRepository();
      var tree = repo.parseCommit(repo.resolve("refs/heads/main")).getTree();
      try (var walk = org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, DemoWorld.OVERLAY, tree)) {
        byte[] bytes = repo.open(walk.getObjectId(0)).getBytes();
        new String(bytes, StandardCharsets.UTF_8).lines().forEach(l -> out.println("    " + l));
      }
    }
  }

  private static Environment environment(DemoWorld world) {
    Environment env = new Environment();
    env.setMetadata(
        new ObjectMetaBuilder().withName("production").withNamespace(NAMESPACE).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl(world.repoUrl());
    git.setBranch("main");
    spec.setGit(git);
    TargetSpec target = new TargetSpec();
    target.setPath(DemoWorld.OVERLAY);
    target.setFormat("kustomize");
    target.setImage(IMAGE);
    spec.setTargets(List.of(target));
    spec.setPolicy(policy());
    env.setSpec(spec);
    return env;
  }

  /** The policy the fixture evidence was made for (see docs/policy.md). */
  public static PolicySpec policy() {
    KeylessSigner keyless = new KeylessSigner();
    keyless.setIssuer("https://token.actions.githubusercontent.com");
    keyless.setSubjectRegExp("^https://github.com/acme/api/.+@refs/heads/main$");
    SignerSpec signer = new SignerSpec();
    signer.setKeyless(keyless);
    AttestationRule slsa = new AttestationRule();
    slsa.setPredicateType("https://slsa.dev/provenance/v1");
    slsa.setBuilderIdRegExp("^https://github.com/actions/runner");
    slsa.setSourceRepo("github.com/acme/api");
    slsa.setSourceRef("refs/heads/main");
    AttestationRule tests = new AttestationRule();
    tests.setPredicateType("https://in-toto.io/attestation/test-result/v0.1");
    tests.setAllowedResults(List.of("PASSED"));
    AttestationRule sbom = new AttestationRule();
    sbom.setPredicateType("https://spdx.dev/Document");
    PolicySpec policy = new PolicySpec();
    policy.setSignatures(List.of(signer));
    policy.setAttestations(List.of(slsa, tests, sbom));
    return policy;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static void deleteTree(java.nio.file.Path root) throws java.io.IOException {
    try (var files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
