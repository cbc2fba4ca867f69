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
        .doesNotContain("newTag")
        .doesNotContain("Exception");
  }
}
