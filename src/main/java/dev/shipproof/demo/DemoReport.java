package dev.shipproof.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.promote.EvidenceSummary;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * What the demo did, as a value: every Promotion's outcome and every commit on the environment
 * branch. Rendered as the closing summary of the text output, or as the one JSON document of {@code
 * shipproof demo --output json}.
 */
final class DemoReport {
  private DemoReport() {}

  /** The whole run. {@code ok} is true when every promotion ended the way the demo expects. */
  record Result(
      boolean ok,
      String namespace,
      String repository,
      String branch,
      List<PromotionResult> promotions,
      List<CommitResult> commits) {}

  /**
   * One Promotion as its status tells it.
   *
   * @param reason the reason a user looks for: Committed's on success, Ready's otherwise
   * @param rollbackTo for a rollback, its {@code spec.rollback.to}; null for a forward promotion
   * @param commit the commit that pins the digest (pushed now or found), or null
   * @param revertOf for a rollback that landed, the commit(s) it reverted
   */
  record PromotionResult(
      String name,
      String environment,
      String image,
      String rollbackTo,
      String digest,
      String phase,
      String reason,
      String message,
      String commit,
      String revertOf,
      Evidence evidence) {}

  /** Which evidence met the policy: the commit trailer's one-liner and each record. */
  record Evidence(String summary, List<EvidenceItem> items) {}

  /** One policy requirement and what met it. */
  record EvidenceItem(
      String requirement, String source, String signer, String issuer, String summary) {}

  /** One commit of the environment branch, newest first, with its Shipproof trailers. */
  record CommitResult(String sha, String author, String subject, Map<String, String> trailers) {}

  /** Reads the outcome of the demo from the API and the bare repository. */
  static Result collect(
      KubernetesClient client,
      String namespace,
      Path bareRepo,
      String repoUrl,
      String branch,
      boolean ok)
      throws IOException, GitAPIException {
    List<Promotion> all =
        new ArrayList<>(client.resources(Promotion.class).inNamespace(namespace).list().getItems());
    all.sort(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()));
    List<PromotionResult> promotions = all.stream().map(DemoReport::promotion).toList();
    List<CommitResult> commits = new ArrayList<>();
    try (Git git = Git.open(bareRepo.toFile())) {
      var head = git.getRepository().resolve("refs/heads/" + branch);
      for (RevCommit c : git.log().add(head).call()) {
        commits.add(
            new CommitResult(
                c.getName(),
                c.getAuthorIdent().getName() + " <" + c.getAuthorIdent().getEmailAddress() + ">",
                c.getShortMessage(),
                CommitMessage.trailers(c.getFullMessage())));
      }
    }
    return new Result(ok, namespace, repoUrl, branch, promotions, commits);
  }

  private static PromotionResult promotion(Promotion p) {
    PromotionStatus s = p.getStatus() == null ? new PromotionStatus() : p.getStatus();
    List<EvidenceRecord> records = s.getEvidence();
    Evidence evidence =
        records.isEmpty()
            ? null
            : new Evidence(
                EvidenceSummary.of(records),
                records.stream()
                    .map(
                        r ->
                            new EvidenceItem(
                                r.getRequirement(),
                                r.getSource(),
                                r.getSigner(),
                                r.getIssuer(),
                                r.getSummary()))
                    .toList());
    return new PromotionResult(
        p.getMetadata().getName(),
        p.getSpec().getEnvironment(),
        p.getSpec().getImage(),
        p.getSpec().getRollback() == null ? null : p.getSpec().getRollback().getTo(),
        s.getDigest(),
        s.getPhase() == null ? null : s.getPhase().name(),
        reason(s),
        s.getMessage(),
        s.getCommit(),
        s.getRevertOf(),
        evidence);
  }

  private static String reason(PromotionStatus status) {
    String type = status.getPhase() == Phase.Succeeded ? "Committed" : "Ready";
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(Condition::getReason)
        .findFirst()
        .orElse(null);
  }

  /** The result as one JSON document (fields in declaration order, nulls kept). */
  static String json(Result result) {
    try {
      return new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the demo report cannot be written as JSON", e);
    }
  }

  /** The closing summary of the text output: one short paragraph per promotion. */
  static void summary(Result result, PrintStream out) {
    out.println("\n== In short");
    for (PromotionResult p : result.promotions()) {
      String target =
          (p.rollbackTo() != null ? "rollback to " + p.rollbackTo() : p.image())
              + " -> "
              + p.environment();
      if ("Succeeded".equals(p.phase()) && "Reverted".equals(p.reason())) {
        out.println("  " + p.name() + ": ROLLED BACK " + p.environment() + " to " + p.digest());
        out.println("      verified again under today's policy: " + p.evidence().summary());
        out.println("      " + p.message());
        out.println(
            "      the digest rolled away from is quarantined until a Promotion overrides it");
      } else if ("Succeeded".equals(p.phase()) && "Pushed".equals(p.reason())) {
        out.println("  " + p.name() + ": PROMOTED " + target);
        out.println("      allowed because: " + p.evidence().summary());
        out.println(
            "      commit "
                + shortSha(p.commit())
                + " pins the digest; Argo CD or Flux deploys it");
      } else if ("Succeeded".equals(p.phase())) {
        out.println("  " + p.name() + ": NOTHING TO DO for " + target);
        out.println("      " + p.message());
      } else {
        out.println("  " + p.name() + ": REFUSED " + target + " (" + p.reason() + ")");
        out.println("      why: " + p.message());
        out.println("      nothing was pushed");
      }
    }
    long pushed = result.commits().stream().filter(c -> !c.trailers().isEmpty()).count();
    out.println(
        "  git: "
            + pushed
            + " promotion commit(s) on "
            + result.branch()
            + "; `git log` above is the audit record (see its Shipproof-* trailers)");
  }

  private static String shortSha(String sha) {
    return sha == null ? "" : sha.substring(0, Math.min(12, sha.length()));
  }
}
