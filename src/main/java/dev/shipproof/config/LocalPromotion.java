package dev.shipproof.config;

import static dev.shipproof.api.v1alpha1.ConditionTypes.READY;
import static dev.shipproof.api.v1alpha1.ConditionTypes.STALLED;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.gitops.JgitHistory;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.model.ImageRef;
import dev.shipproof.promote.CopyCredentials;
import dev.shipproof.promote.EnvironmentRecords;
import dev.shipproof.promote.HistoryLimits;
import dev.shipproof.promote.Outcome;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.promote.PromotionMetrics;
import dev.shipproof.promote.PromotionOutage;
import dev.shipproof.promote.PromotionRequest;
import dev.shipproof.promote.SoakStart;
import dev.shipproof.promote.UpstreamGate;
import dev.shipproof.promote.UpstreamRecord;
import dev.shipproof.promote.VerdictCache;
import dev.shipproof.reconciler.PromotionStatuses;
import dev.shipproof.reconciler.StatusBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One Promotion run without a cluster, on the operator's code path: the same {@link Promoter}
 * (registry or OCI layout, git over any URL JGit takes, upstream gate from the upstream's git
 * record, registry copy) and the same status mapping as the reconciler. What the cluster would
 * supply is passed in: the Environment, its upstream, the trusted root, registry credentials, and
 * where Environment statuses come from ({@link EnvironmentRecords}).
 */
public final class LocalPromotion {
  private final Path workDir;
  private final Clock clock;
  private final EnvironmentRecords records;

  /**
   * @param workDir cached clones and upstream histories
   * @param clock commit times and soak measurements
   * @param records the status of the Environment and its upstream (from their files, or rebuilt
   *     from git)
   */
  public LocalPromotion(Path workDir, Clock clock, EnvironmentRecords records) {
    this.workDir = workDir;
    this.clock = clock;
    this.records = records;
  }

  /**
   * What to run.
   *
   * @param promotion the Promotion as written (metadata name, namespace and uid are optional)
   * @param environment the Environment it names
   * @param upstream the upstream Environment, or {@code null}
   * @param trust the trusted root
   * @param ociLayout serve the promoted image from this layout instead of its registry, or {@code
   *     null}
   * @param credentials registry credentials for a copy
   */
  public record Input(
      Promotion promotion,
      Environment environment,
      Environment upstream,
      TrustRoot trust,
      Path ociLayout,
      CopyCredentials credentials) {}

  /** Runs the promotion once and returns the status the operator would write. */
  public PromotionStatus run(Input input, Progress progress) {
    Promotion promotion = input.promotion();
    long generation =
        promotion.getMetadata().getGeneration() == null
            ? 0
            : promotion.getMetadata().getGeneration();
    try {
      Outcome outcome = promoter(input).promote(request(input), progress);
      return PromotionStatuses.of(promotion.getStatus(), generation, clock, outcome);
    } catch (PromotionOutage outage) {
      return StatusBuilder.from(promotion.getStatus(), generation, clock)
          .phase(Phase.Errored, outage.getMessage())
          .condition(READY, false, outage.reason(), outage.getMessage())
          .condition(STALLED, false, outage.reason(), "run it again once the cause is gone")
          .build();
    }
  }

  private Promoter promoter(Input input) {
    Map<String, Path> layouts = new HashMap<>();
    if (input.ociLayout() != null) {
      // A forward promotion names its image; a rollback restores one of the targets' images.
      List<String> images = new ArrayList<>();
      images.add(input.promotion().getSpec().getImage());
      input.environment().getSpec().getTargets().forEach(t -> images.add(t.getImage()));
      for (String image : images) {
        try {
          if (image != null) {
            layouts.putIfAbsent(ImageRef.parse(image).name(), input.ociLayout());
          }
        } catch (IllegalArgumentException e) {
          // The promoter refuses the reference itself, with its reason.
        }
      }
    }
    return new Promoter(
        RegistryRouting.from(layouts, List.of()),
        new SigstoreEvidenceVerifier(),
        new JgitWorkspace(workDir.resolve("git"), clock),
        new UpstreamGate(new JgitHistory(workDir), clock, SoakStart.COMMIT_TIME),
        RegistryRouting.copiers(layouts, List.of()),
        PromotionMetrics.NONE,
        VerdictCache.disabled(),
        HistoryLimits.DEFAULTS);
  }

  private PromotionRequest request(Input input) throws PromotionOutage {
    Promotion p = input.promotion();
    Environment env = input.environment();
    String namespace = namespace(p);
    String envName = env.getMetadata().getName();
    // Without a cluster the quarantine is rebuilt from the branch's trailers (the request carries
    // no ledger, so the promoter reads git), the same refusals as the operator's.
    env.setStatus(records.statusOf(envName, env.getSpec(), env.getStatus()));
    UpstreamRecord upstream = null;
    Environment up = input.upstream();
    if (up != null && up.getSpec() != null) {
      String name = up.getMetadata().getName();
      upstream =
          new UpstreamRecord(
              name, up.getSpec(), records.statusOf(name, up.getSpec(), up.getStatus()));
    }
    var override = p.getSpec().getOverride();
    return new PromotionRequest(
            namespace,
            p.getMetadata().getName(),
            uid(p, namespace),
            envName,
            env.getSpec(),
            p.getSpec().getImage(),
            p.getSpec().getReason(),
            input.trust())
        .withGates(override == null ? null : override.getReason(), upstream, input.credentials())
        .withRollback(p.getSpec().getRollback(), null);
  }

  static String namespace(Promotion p) {
    String ns = p.getMetadata().getNamespace();
    return ns == null || ns.isBlank() ? "default" : ns;
  }

  /**
   * The Promotion's uid, or one derived from its name and spec: running the same file again finds
   * the commit it pushed before instead of pushing twice.
   */
  static String uid(Promotion p, String namespace) {
    String uid = p.getMetadata().getUid();
    if (uid != null && !uid.isBlank()) {
      return uid;
    }
    String basis =
        namespace
            + "/"
            + p.getMetadata().getName()
            + "\n"
            + p.getSpec().getEnvironment()
            + "\n"
            + p.getSpec().getImage()
            + "\n"
            + (p.getSpec().getRollback() == null
                ? ""
                : p.getSpec().getRollback().getTo()
                    + " "
                    + p.getSpec().getRollback().getStrategy());
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
      return "cli-" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
