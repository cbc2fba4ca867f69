package dev.shipproof.demo;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.RejectedDigest;
import dev.shipproof.api.v1alpha1.RollbackSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.util.function.BiPredicate;

/**
 * The demo's second act: release 2 lands, an on-call engineer rolls back to release 1 (a revert
 * commit, release 2 quarantined), then two things Shipproof refuses: promoting release 2 again
 * without an override, and rolling back to a digest no verified pin ever carried.
 */
final class DemoRollback {
  /** The image index of the fixture: the second digest with complete evidence. */
  static final String INDEX =
      "sha256:bff91d6a78b568e8404db6367a740636418ca422a41f2e6fefc3a6770549304c";

  private DemoRollback() {}

  static boolean run(
      PrintStream out, KubernetesClient client, DemoWorld world, BiPredicate<Boolean, String> check)
      throws Exception {
    boolean ok = true;
    ok &=
        apply(
            out,
            client,
            forward("api-release-2", Demo.IMAGE + "@" + INDEX, "release 2.0.0"),
            "Pushed",
            check);
    String release2 = Demo.head(world);
    ok &=
        apply(
            out,
            client,
            rollback("api-rollback", "previous", "INC-4711: error rate"),
            "Reverted",
            check);
    ok &= check.test(!release2.equals(Demo.head(world)), "the rollback pushed a revert commit");
    ok &=
        apply(
            out,
            client,
            forward("api-release-2-again", Demo.IMAGE + "@" + INDEX, "retry"),
            "DigestQuarantined",
            check);
    ok &=
        apply(
            out,
            client,
            rollback("api-rollback-arm64", Demo.ARM64, "try the arm64 child"),
            "NoEarlierPin",
            check);
    return ok;
  }

  private static boolean apply(
      PrintStream out,
      KubernetesClient client,
      Promotion p,
      String expectedReason,
      BiPredicate<Boolean, String> check)
      throws InterruptedException {
    PromotionSpec spec = p.getSpec();
    String what =
        spec.getRollback() == null
            ? "image " + spec.getImage()
            : "rollback to " + spec.getRollback().getTo();
    out.println("\n$ kubectl apply -f " + p.getMetadata().getName() + ".yaml   # " + what);
    client.resource(p).create();
    PromotionStatus status = Demo.awaitTerminal(client, p.getMetadata().getName());
    String phase =
        status == null || status.getPhase() == null ? "<none>" : status.getPhase().name();
    String why = status == null ? "" : Demo.outcomeReason(status);
    out.println("  => " + phase + " (" + why + "): " + (status == null ? "" : status.getMessage()));
    if (status != null && status.getRevertOf() != null) {
      out.println("     status.revertOf: " + status.getRevertOf());
    }
    return check.test(
        expectedReason.equals(why), p.getMetadata().getName() + " ended with " + expectedReason);
  }

  private static Promotion forward(String name, String image, String reason) {
    Promotion p = promotion(name, reason);
    p.getSpec().setImage(image);
    return p;
  }

  private static Promotion rollback(String name, String to, String reason) {
    Promotion p = promotion(name, reason);
    RollbackSpec rollback = new RollbackSpec();
    rollback.setTo(to);
    p.getSpec().setRollback(rollback);
    return p;
  }

  private static Promotion promotion(String name, String reason) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(Demo.NAMESPACE).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("production");
    spec.setReason(reason);
    p.setSpec(spec);
    return p;
  }

  /** What the Environment's status says after the run: current pin and quarantine. */
  static void printEnvironment(PrintStream out, KubernetesClient client) {
    Environment env =
        client
            .resources(Environment.class)
            .inNamespace(Demo.NAMESPACE)
            .withName("production")
            .get();
    EnvironmentStatus s = env.getStatus();
    out.println("\n# status of Environment " + Demo.NAMESPACE + "/production, condensed");
    if (s == null) {
      out.println("  (none)");
      return;
    }
    out.println("  currentDigest: " + s.getCurrentDigest());
    out.println("  currentCommit: " + s.getCurrentCommit());
    out.println("  lastPromotion: " + s.getLastPromotion() + " at " + s.getLastPromotionTime());
    out.println("  quarantined: " + s.getQuarantined());
    for (RejectedDigest r : s.getRejectedDigests()) {
      out.println(
          "  - rejected " + r.getDigest() + " by " + r.getPromotion() + " in " + r.getCommit());
      out.println("      reason: " + r.getReason());
    }
  }
}
