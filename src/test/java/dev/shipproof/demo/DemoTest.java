package dev.shipproof.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's demo, run in-process: the operator SDK's informers against the mock API. */
class DemoTest {
  @Test
  void demoRunsTheWholeLoopAndEndsEveryPromotionAsExpected() throws Exception {
    var bytes = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      exit = new Demo(out, false).run();
    }
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertThat(exit).as(output).isZero();
    assertThat(output)
        .contains("=> Succeeded (Pushed): pinned localhost:5000/acme/api@sha256:fef24f66563c")
        .contains("=> Failed (EvidenceMissing)")
        .contains("=> Failed (DigestRequired)")
        .contains("=> Succeeded (AlreadyUpToDate)")
        .contains("api-release-1-again    Succeeded        AlreadyUpToDate")
        .doesNotContain("!! expected")
        .contains("already pins sha256:fef24f66563c")
        .contains(
            "Shipproof-Digest:"
                + " sha256:fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362")
        .contains(
            "Shipproof-Evidence: signature(keyless acme/api release.yml); slsa-provenance;"
                + " test-result PASSED; sbom spdx")
        .contains(
            "    digest: sha256:fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362")
        .contains("=> Succeeded (Pushed): pinned localhost:5000/acme/api@sha256:bff91d6a78b5")
        .contains(
            "=> Succeeded (Reverted): rolled production back from sha256:bff91d6a78b5 to"
                + " sha256:fef24f66563c: reverted ")
        .contains("=> Failed (DigestQuarantined): sha256:bff91d6a78b5 is quarantined")
        .contains("=> Failed (NoEarlierPin)")
        .contains("roll back api in production to sha256:fef24f66563c (from sha256:bff91d6a78b5)")
        .contains("Shipproof-Revert-Of: ")
        .contains(
            "Shipproof-Rejected-Digest:"
                + " sha256:bff91d6a78b568e8404db6367a740636418ca422a41f2e6fefc3a6770549304c")
        .contains("quarantined: 1")
        .contains("$ kubectl get environments -n payments")
        .doesNotContain("newTag")
        .doesNotContain("Exception")
        .contains("== In short")
        .contains("api-release-1: PROMOTED localhost:5000/acme/api@sha256:fef24f66563c")
        .contains(
            "allowed because: signature(keyless acme/api release.yml); slsa-provenance;"
                + " test-result PASSED; sbom spdx")
        .contains("api-arm64-child: REFUSED")
        .contains(
            "api-by-tag: REFUSED localhost:5000/acme/api:1.0.0 -> production (DigestRequired)")
        .contains("api-release-1-again: NOTHING TO DO")
        .contains(
            "api-rollback: ROLLED BACK production to"
                + " sha256:fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362")
        .contains("api-release-2-again: REFUSED")
        .contains("api-rollback-arm64: REFUSED rollback to sha256:90011140914")
        .doesNotContain("null ->");
  }

  @Test
  void jsonOutputIsOneDocumentWithEveryPromotionItsEvidenceAndTheCommits() throws Exception {
    var bytes = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      exit = new Demo(out, false, true).run();
    }
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertThat(exit).as(output).isZero();
    JsonNode doc = new ObjectMapper().readTree(output);
    assertThat(doc.path("ok").asBoolean()).isTrue();
    assertThat(doc.path("namespace").asText()).isEqualTo("payments");
    JsonNode promotions = doc.path("promotions");
    assertThat(promotions).hasSize(8);
    JsonNode landed = promotions.get(0);
    assertThat(landed.path("name").asText()).isEqualTo("api-release-1");
    assertThat(landed.path("environment").asText()).isEqualTo("production");
    assertThat(landed.path("digest").asText())
        .isEqualTo("sha256:fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362");
    assertThat(landed.path("phase").asText()).isEqualTo("Succeeded");
    assertThat(landed.path("reason").asText()).isEqualTo("Pushed");
    assertThat(landed.path("evidence").path("summary").asText())
        .isEqualTo(
            "signature(keyless acme/api release.yml); slsa-provenance; test-result PASSED;"
                + " sbom spdx");
    assertThat(landed.path("evidence").path("items")).hasSize(4);
    assertThat(promotions.get(1).path("reason").asText()).isEqualTo("EvidenceMissing");
    assertThat(promotions.get(1).path("phase").asText()).isEqualTo("Failed");
    assertThat(promotions.get(2).path("reason").asText()).isEqualTo("DigestRequired");
    assertThat(promotions.get(2).path("digest").isNull()).isTrue();
    assertThat(promotions.get(3).path("reason").asText()).isEqualTo("AlreadyUpToDate");
    assertThat(promotions.get(3).path("commit").asText()).isEqualTo(landed.path("commit").asText());
    JsonNode release2 = promotions.get(4);
    assertThat(release2.path("reason").asText()).isEqualTo("Pushed");
    JsonNode rollback = promotions.get(5);
    assertThat(rollback.path("rollbackTo").asText()).isEqualTo("previous");
    assertThat(rollback.path("reason").asText()).isEqualTo("Reverted");
    assertThat(rollback.path("digest").asText()).isEqualTo(landed.path("digest").asText());
    assertThat(rollback.path("revertOf").asText()).isEqualTo(release2.path("commit").asText());
    assertThat(promotions.get(6).path("reason").asText()).isEqualTo("DigestQuarantined");
    assertThat(promotions.get(7).path("reason").asText()).isEqualTo("NoEarlierPin");
    JsonNode commits = doc.path("commits");
    assertThat(commits).hasSize(4);
    assertThat(commits.get(0).path("sha").asText()).isEqualTo(rollback.path("commit").asText());
    assertThat(commits.get(0).path("trailers").path("Shipproof-Revert-Of").asText())
        .isEqualTo(release2.path("commit").asText());
    assertThat(commits.get(2).path("sha").asText()).isEqualTo(landed.path("commit").asText());
    assertThat(commits.get(2).path("trailers").path("Shipproof-Digest").asText())
        .isEqualTo(landed.path("digest").asText());
    assertThat(commits.get(3).path("subject").asText()).isEqualTo("api: production overlay");
  }
}
