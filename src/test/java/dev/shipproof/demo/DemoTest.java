package dev.shipproof.demo;

import static org.assertj.core.api.Assertions.assertThat;

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
        .doesNotContain("newTag")
        .doesNotContain("Exception");
  }
}
