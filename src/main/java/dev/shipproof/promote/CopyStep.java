package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.RegistryCopySpec;
import dev.shipproof.model.ImageRef;
import dev.shipproof.policy.Decision;
import dev.shipproof.registry.CopyReport;
import dev.shipproof.registry.ImageCopier;
import dev.shipproof.registry.ImageSource;
import dev.shipproof.registry.RegistryException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The registry copy of a promotion: copy the verified digest with its evidence to {@code
 * registry.copyTo}, then gather and verify the evidence again there, so that what is pinned is what
 * the destination serves and proves.
 */
final class CopyStep {
  private static final Logger LOG = Logger.getLogger(CopyStep.class);

  /** Gathers a manifest and its evidence from a source (the promoter's own step). */
  @FunctionalInterface
  interface Gatherer {
    Promoter.Gathered gather(
        PromotionRequest request, ImageSource source, ImageRef ref, Progress progress)
        throws RegistryException;
  }

  /** Verifies gathered evidence against the environment's policy (the promoter's own step). */
  @FunctionalInterface
  interface Verifier {
    Decision verify(
        PromotionRequest request, ImageRef ref, Promoter.Gathered gathered, Progress progress);
  }

  /**
   * @param pinned the destination reference to pin, when the copy and its verification passed
   * @param decision the policy decision at the destination
   * @param refusal the refusal, when the copy or the destination's evidence said no
   */
  record Result(ImageRef pinned, Decision decision, Outcome.Refused refusal) {}

  private final ImageCopiers copiers;
  private final Gatherer gatherer;
  private final Verifier verifier;

  CopyStep(ImageCopiers copiers, Gatherer gatherer, Verifier verifier) {
    this.copiers = copiers;
    this.gatherer = gatherer;
    this.verifier = verifier;
  }

  /** The reference the environment pins: the copy destination, else {@code ref} itself. */
  static ImageRef destinationOf(PromotionRequest request, ImageRef ref) {
    RegistryCopySpec copy = GateConfig.copyTo(request.environment());
    return copy == null ? ref : GateConfig.destination(copy).withDigest(ref.digest());
  }

  Result run(PromotionRequest request, ImageRef ref, Progress progress) throws PromotionOutage {
    RegistryCopySpec spec = GateConfig.copyTo(request.environment());
    ImageRef target = destinationOf(request, ref);
    String where = target.name();
    ImageCopier copier;
    try {
      copier =
          copiers.open(
              ref,
              request.environment().getRegistry().isInsecure(),
              target,
              spec.isInsecure(),
              request.credentials());
    } catch (IllegalArgumentException e) {
      throw new PromotionOutage(
          Reasons.REGISTRY_UNAUTHORIZED, "registry credentials for the copy: " + e.getMessage());
    }
    progress.step("copy", ref.shortDigest() + " to " + where);
    try {
      CopyReport report = copier.copy(ref, target);
      progress.step("copy", report.summary());
    } catch (RegistryException e) {
      return new Result(null, null, copyProblem(ref, where, e));
    }
    Promoter.Gathered there;
    try {
      there = gatherer.gather(request, copier.destination(), target, progress);
    } catch (RegistryException e) {
      return new Result(null, null, copyProblem(ref, where, e));
    }
    Decision decision = verifier.verify(request, target, there, progress);
    if (!decision.allowed()) {
      return new Result(
          null,
          decision,
          new Outcome.Refused(
              Outcome.Stage.EVIDENCE,
              decision.reason(),
              ref.digest(),
              decision.evidenceRecords(),
              "at the copy destination " + where + ": " + decision.message()));
    }
    LOG.debugf("copy to %s verified", where);
    return new Result(target, decision, null);
  }

  private static Outcome.Refused copyProblem(ImageRef ref, String where, RegistryException e)
      throws PromotionOutage {
    String message = "copying " + ref.shortDigest() + " to " + where + ": " + e.getMessage();
    return switch (e.kind()) {
      case DIGEST_MISMATCH ->
          new Outcome.Refused(
              Outcome.Stage.GATE, Reasons.COPY_DIGEST_MISMATCH, ref.digest(), List.of(), message);
      case REFUSED ->
          new Outcome.Refused(
              Outcome.Stage.GATE, Reasons.COPY_REJECTED, ref.digest(), List.of(), message);
      case NOT_FOUND -> throw new PromotionOutage(Reasons.MANIFEST_NOT_FOUND, message, e);
      case UNAUTHORIZED -> throw new PromotionOutage(Reasons.REGISTRY_UNAUTHORIZED, message, e);
      case UNAVAILABLE -> throw new PromotionOutage(Reasons.REGISTRY_UNAVAILABLE, message, e);
    };
  }
}
