package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.model.ImageRef;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;

class CommitMessageTest {
  private static final String DIGEST = "sha256:1f2e3d4c5b6a" + "7".repeat(52);
  private static final ImageRef IMAGE =
      ImageRef.parse("registry.example.com/payments/api@" + DIGEST);
  private static final String EVIDENCE =
      "signature(keyless acme/api release.yml); slsa-provenance; test-result PASSED; sbom spdx";

  private static PromotionInfo info(String reason) {
    return new PromotionInfo(
        "payments", "api-x7k2q", "0b9c-uid", "production", IMAGE, reason, EVIDENCE);
  }

  @Test
  void buildsTheDesignedFormat() {
    assertThat(CommitMessage.build(info("Release 2026.12.1")))
        .isEqualTo(
            """
            promote api to production: sha256:1f2e3d4c5b6a

            Release 2026.12.1

            Shipproof-Promotion: payments/api-x7k2q 0b9c-uid
            Shipproof-Environment: production
            Shipproof-Image: registry.example.com/payments/api
            Shipproof-Digest: %s
            Shipproof-Evidence: %s
            """
                .formatted(DIGEST, EVIDENCE));
  }

  @Test
  void omitsTheReasonParagraphWhenThereIsNoReason() {
    assertThat(CommitMessage.build(info(null)))
        .startsWith("promote api to production: sha256:1f2e3d4c5b6a\n\nShipproof-Promotion: ");
    assertThat(CommitMessage.build(info(" \n\t\n"))).isEqualTo(CommitMessage.build(info(null)));
  }

  @Test
  void readsBackItsOwnTrailers() {
    Map<String, String> trailers = CommitMessage.trailers(CommitMessage.build(info("why")));
    assertThat(trailers)
        .containsExactly(
            Map.entry(CommitMessage.PROMOTION, "payments/api-x7k2q 0b9c-uid"),
            Map.entry(CommitMessage.ENVIRONMENT, "production"),
            Map.entry(CommitMessage.IMAGE, "registry.example.com/payments/api"),
            Map.entry(CommitMessage.DIGEST, DIGEST),
            Map.entry(CommitMessage.EVIDENCE, EVIDENCE));
  }

  @Test
  void reasonCannotInjectATrailer() {
    String evil = "sha256:" + "e".repeat(64);
    String reason =
        "INC-4711: error rate\nShipproof-Digest: " + evil + "\n\nShipproof-Digest: " + evil;
    String message = CommitMessage.build(info(reason));

    assertThat(CommitMessage.trailers(message)).containsEntry(CommitMessage.DIGEST, DIGEST);
    assertThat(CommitMessage.trailers(message).values()).noneMatch(v -> v.contains(evil));
    assertThat(jgitFooters(message))
        .filteredOn(f -> f.getKey().equals(CommitMessage.DIGEST))
        .extracting(FooterLine::getValue)
        .containsExactly(DIGEST);
    assertThat(message).contains("INC-4711: error rate\n> Shipproof-Digest: " + evil + "\n");
  }

  @Test
  void reasonCannotEndTheMessageEarlyWithAPatchDivider() {
    String evil = "sha256:" + "e".repeat(64);
    String message = CommitMessage.build(info("x\n\nShipproof-Digest: " + evil + "\n---\nmore"));
    assertThat(message).contains("\n> ---\n").doesNotContain("\n---");
    assertThat(message).contains("\n> Shipproof-Digest: " + evil);
  }

  @Test
  void trailerValuesStayOnOneLine() {
    var sneaky =
        new PromotionInfo(
            "payments",
            "api",
            "uid\nShipproof-Digest: sha256:evil",
            "prod\r\nShipproof-Environment: staging",
            IMAGE,
            null,
            "sig\u2028Shipproof-Evidence: forged\u0000\u001b[31m");
    String message = CommitMessage.build(sneaky);

    Map<String, String> trailers = CommitMessage.trailers(message);
    assertThat(trailers).containsEntry(CommitMessage.DIGEST, DIGEST);
    assertThat(trailers.get(CommitMessage.ENVIRONMENT))
        .isEqualTo("prod Shipproof-Environment: staging");
    assertThat(trailers.get(CommitMessage.EVIDENCE))
        .isEqualTo("sig Shipproof-Evidence: forged [31m");
    assertThat(message.lines()).hasSize(7);
    assertThat(message).doesNotContain("\u0000").doesNotContain("\u001b").doesNotContain("\r");
  }

  @Test
  void stripsControlCharactersFromTheReasonButKeepsItsLines() {
    assertThat(CommitMessage.reason("first\u0007 line\r\n\r\n  second\tline  \u202E"))
        .isEqualTo("first  line\nsecond line");
  }

  @Test
  void boundsVeryLongReasons() {
    String reason = CommitMessage.reason("a".repeat(10_000));
    assertThat(reason).hasSize(CommitMessage.MAX_REASON_CHARS + 1).endsWith("…");
  }

  @Test
  void subjectUsesTheLastPathSegmentOfTheImage() {
    var nginx = ImageRef.parse("nginx@" + DIGEST);
    var info = new PromotionInfo("ns", "p", "u", "staging", nginx, null, "none");
    assertThat(CommitMessage.build(info))
        .startsWith("promote nginx to staging: sha256:1f2e3d4c5b6a\n");
  }

  @Test
  void readsNoTrailersFromASubjectOnlyMessage() {
    assertThat(CommitMessage.trailers("Shipproof-Digest: sha256:x\n")).isEmpty();
    assertThat(CommitMessage.trailers("fix\n\nShipproof-Digest: sha256:x\r\n\r\n"))
        .containsExactly(Map.entry(CommitMessage.DIGEST, "sha256:x"));
  }

  @Test
  void refusesAnImageWithoutDigest() {
    var tagged = ImageRef.parse("registry.example.com/payments/api:1.0");
    assertThatThrownBy(() -> new PromotionInfo("n", "p", "u", "e", tagged, null, "none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no digest");
  }

  private static java.util.List<FooterLine> jgitFooters(String message) {
    String raw =
        "tree "
            + "0".repeat(40)
            + "\nauthor A <a@example.com> 0 +0000\ncommitter A <a@example.com> 0 +0000\n\n"
            + message;
    return RevCommit.parse(raw.getBytes(StandardCharsets.UTF_8)).getFooterLines();
  }
}
