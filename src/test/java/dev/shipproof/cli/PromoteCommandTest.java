package dev.shipproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.GitFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code shipproof promote} in-process against bare repositories and the fixture layout. */
class PromoteCommandTest {
  static final String IMAGE = "localhost:5000/acme/api";

  @TempDir Path dir;
  GitFixture production;
  GitFixture staging;
  String out;
  String err;

  @BeforeEach
  void setUp() throws Exception {
    production = GitFixture.kustomizeOverlay(dir.resolve("production.git"), List.of(IMAGE));
    staging = GitFixture.kustomizeOverlay(dir.resolve("staging.git"), List.of(IMAGE));
    write("production.yaml", environment("production", production.url(), null));
    write("production-gated.yaml", environment("production", production.url(), "staging"));
    write("staging.yaml", environment("staging", staging.url(), null));
  }

  @Test
  void promotesFromTheLayoutIntoTheRepositoryAndPrintsTheFinalStatus() throws Exception {
    Path promotion =
        write("p.yaml", promotion("api-1", "production", EvidenceFixtures.SINGLE, null));

    int code = run("-f", promotion, "--environment", dir.resolve("production.yaml"));

    assertThat(code).as(err).isZero();
    assertThat(out).contains("phase: \"Succeeded\"").contains("reason: \"Pushed\"");
    assertThat(out).contains("digest: \"" + EvidenceFixtures.SINGLE + "\"");
    assertThat(production.file(GitFixture.OVERLAY)).contains("digest: " + EvidenceFixtures.SINGLE);
    assertThat(err).contains("verify: ").contains("git: pushed");
  }

  @Test
  void runningTheSameFileAgainPushesNothing() throws Exception {
    Path promotion =
        write("p.yaml", promotion("api-1", "production", EvidenceFixtures.SINGLE, null));
    run("-f", promotion, "--environment", dir.resolve("production.yaml"));
    String head = production.head().name();

    int code = run("-f", promotion, "--environment", dir.resolve("production.yaml"));

    // The second run finds the first run's commit by its uid and reports it as the first run did
    // (the status a crash before the status write would have lost), pushing nothing.
    assertThat(code).isZero();
    assertThat(out).contains("commit: \"" + head + "\"").contains("phase: \"Succeeded\"");
    assertThat(production.head().name()).isEqualTo(head);
  }

  @Test
  void aRefusedPromotionExitsOneWithItsReason() throws Exception {
    Path promotion = write("p.yaml", promotion("arm", "production", EvidenceFixtures.ARM64, null));

    int code = run("-f", promotion, "--environment", dir.resolve("production.yaml"));

    assertThat(code).isEqualTo(1);
    assertThat(out).contains("phase: \"Failed\"").contains("EvidenceMissing");
  }

  @Test
  void readsTheUpstreamGateFromTheUpstreamEnvironmentsRepository() throws Exception {
    Path toProduction =
        write("p.yaml", promotion("api-1", "production", EvidenceFixtures.SINGLE, null));
    Path toStaging = write("s.yaml", promotion("api-1", "staging", EvidenceFixtures.SINGLE, null));
    Object[] gated = {
      "-f", toProduction,
      "--environment", dir.resolve("production-gated.yaml"),
      "--upstream-environment", dir.resolve("staging.yaml")
    };

    int refused = run(gated);
    String refusal = out;
    int staged = run("-f", toStaging, "--environment", dir.resolve("staging.yaml"));
    int allowed = run(gated);

    assertThat(refused).isEqualTo(1);
    assertThat(refusal).contains("UpstreamNotPromoted");
    assertThat(staged).isZero();
    assertThat(allowed).as(err).isZero();
    assertThat(production.file(GitFixture.OVERLAY)).contains("digest: " + EvidenceFixtures.SINGLE);
  }

  @Test
  void anOverrideInThePromotionFileIsRecordedInTheCommit() throws Exception {
    Path promotion =
        write("p.yaml", promotion("api-1", "production", EvidenceFixtures.SINGLE, "INC-1 hotfix"));

    int code = run("-f", promotion, "--environment", dir.resolve("production-gated.yaml"));

    assertThat(code).as(err).isZero();
    assertThat(CommitMessage.trailers(production.head().getFullMessage()))
        .containsEntry(CommitMessage.OVERRIDE, "INC-1 hotfix");
  }

  @Test
  void withoutTheUpstreamEnvironmentFileTheGateCannotDecide() throws Exception {
    Path promotion =
        write("p.yaml", promotion("api-1", "production", EvidenceFixtures.SINGLE, null));

    int code = run("-f", promotion, "--environment", dir.resolve("production-gated.yaml"));

    assertThat(code).isEqualTo(2);
    assertThat(out).contains("phase: \"Errored\"").contains("UpstreamEnvironmentNotFound");
  }

  @Test
  void printsJsonOnRequest() throws Exception {
    Path promotion =
        write("p.yaml", promotion("api-1", "production", EvidenceFixtures.SINGLE, null));

    int code =
        run("-f", promotion, "--environment", dir.resolve("production.yaml"), "--output", "json");

    assertThat(code).isZero();
    JsonNode status = new ObjectMapper().readTree(out);
    assertThat(status.path("phase").asText()).isEqualTo("Succeeded");
    assertThat(status.path("commit").asText()).isEqualTo(production.head().name());
  }

  @Test
  void rollsBackWithoutAClusterAndRefusesTheRolledAwayDigestFromTheGitRecordAlone()
      throws Exception {
    Path env = dir.resolve("production.yaml");
    run(
        "-f",
        write("1.yaml", promotion("r1", "production", EvidenceFixtures.SINGLE, null)),
        "--environment",
        env);
    run(
        "-f",
        write("2.yaml", promotion("r2", "production", EvidenceFixtures.INDEX, null)),
        "--environment",
        env);
    String release2 = production.head().name();

    int rolledBack =
        run("-f", write("rb.yaml", rollback("rb", "production")), "--environment", env);
    String rollbackStatus = out;
    int again =
        run(
            "-f",
            write("2b.yaml", promotion("r2b", "production", EvidenceFixtures.INDEX, null)),
            "--environment",
            env);

    assertThat(rolledBack).as(err).isZero();
    assertThat(rollbackStatus).contains("reason: \"Reverted\"").contains("revertOf: \"" + release2);
    assertThat(production.file(GitFixture.OVERLAY)).contains("digest: " + EvidenceFixtures.SINGLE);
    assertThat(CommitMessage.trailers(production.head().getFullMessage()))
        .containsEntry(CommitMessage.REVERT_OF, release2);
    // No cluster keeps a status here: the quarantine comes from the rollback commit's trailers.
    assertThat(again).isEqualTo(1);
    assertThat(out).contains("phase: \"Failed\"").contains("DigestQuarantined");
    assertThat(production.file(GitFixture.OVERLAY)).contains("digest: " + EvidenceFixtures.SINGLE);
  }

  @Test
  void usageErrorsExitTwoWithoutTouchingTheRepository() throws Exception {
    Path promotion =
        write("p.yaml", promotion("api-1", "production", EvidenceFixtures.SINGLE, null));
    String head = production.head().name();

    int noRoot =
        new CommandLine(new PromoteCommand())
            .setOut(new PrintWriter(new StringWriter()))
            .setErr(new PrintWriter(new StringWriter()))
            .execute(
                "-f",
                promotion.toString(),
                "--environment",
                dir.resolve("production.yaml").toString());
    int badOutput =
        run("-f", promotion, "--environment", dir.resolve("production.yaml"), "-o", "xml");
    int wrongEnvironment = run("-f", promotion, "--environment", dir.resolve("staging.yaml"));

    assertThat(noRoot).isEqualTo(2);
    assertThat(badOutput).isEqualTo(2);
    assertThat(wrongEnvironment).isEqualTo(2);
    assertThat(err).contains("names Environment production");
    assertThat(production.head().name()).isEqualTo(head);
  }

  private int run(Object... args) {
    List<String> all = new ArrayList<>();
    for (Object a : args) {
      all.add(a.toString());
    }
    all.add("--trusted-root");
    all.add(EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json").toString());
    all.add("--oci-layout");
    all.add(EvidenceFixtures.layout("complete").toString());
    all.add("--work-dir");
    all.add(dir.resolve("work").toString());
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code =
        new CommandLine(new PromoteCommand())
            .setOut(new PrintWriter(o))
            .setErr(new PrintWriter(e))
            .execute(all.toArray(String[]::new));
    out = o.toString();
    err = e.toString();
    return code;
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private static String promotion(String name, String env, String digest, String override) {
    return "apiVersion: shipproof.dev/v1alpha1\n"
        + "kind: Promotion\n"
        + "metadata: {name: "
        + name
        + ", namespace: payments}\n"
        + "spec:\n"
        + "  environment: "
        + env
        + "\n"
        + "  image: "
        + IMAGE
        + "@"
        + digest
        + "\n"
        + "  reason: release 1.0.0\n"
        + (override == null ? "" : "  override: {reason: \"" + override + "\"}\n");
  }

  private static String rollback(String name, String env) {
    return "apiVersion: shipproof.dev/v1alpha1\n"
        + "kind: Promotion\n"
        + "metadata: {name: "
        + name
        + ", namespace: payments}\n"
        + "spec:\n"
        + "  environment: "
        + env
        + "\n"
        + "  rollback: {to: previous}\n"
        + "  reason: INC-7 error rate\n";
  }

  private static String environment(String name, String url, String upstream) {
    return "apiVersion: shipproof.dev/v1alpha1\n"
        + "kind: Environment\n"
        + "metadata: {name: "
        + name
        + ", namespace: payments}\n"
        + "spec:\n"
        + "  git: {url: \""
        + url
        + "\", branch: main}\n"
        + "  targets:\n"
        + "    - path: "
        + GitFixture.OVERLAY
        + "\n"
        + "      format: kustomize\n"
        + "      image: "
        + IMAGE
        + "\n"
        + (upstream == null ? "" : "  upstream: {environment: " + upstream + "}\n")
        + "  policy:\n"
        + "    signatures:\n"
        + "      - keyless: {issuer: \"https://token.actions.githubusercontent.com\",\n"
        + "                  subjectRegExp: \"^https://github.com/acme/api/.+@refs/heads/main$\"}\n"
        + "    attestations:\n"
        + "      - predicateType: https://slsa.dev/provenance/v1\n"
        + "        builderIdRegExp: \"^https://github.com/actions/runner\"\n"
        + "        sourceRepo: github.com/acme/api\n"
        + "      - predicateType: https://in-toto.io/attestation/test-result/v0.1\n"
        + "        allowedResults: [PASSED]\n"
        + "      - predicateType: https://spdx.dev/Document\n";
  }
}
