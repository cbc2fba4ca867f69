package dev.shipproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.LayoutPusher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code shipproof verify} in process, on the fixture layout, bundle files and a real registry. */
class VerifyCommandTest {
  private static final String NAME = "localhost:5000/acme/api@";
  private static final Path POLICY = EvidenceFixtures.resource("/fixtures/cli/policy.yaml");
  private static final Path COMPLETE = EvidenceFixtures.layout("complete");
  private static final String BUNDLES = "/fixtures/evidence/bundles/";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path tmp;

  /** Runs without a default trusted root, so each test names the root it means. */
  private int run(String... args) {
    return runWithDefaultRoot(Optional.empty(), args);
  }

  private int runWithDefaultRoot(Optional<byte[]> root, String... args) {
    VerifyCommand command = new VerifyCommand();
    command.defaultTrustedRoot = () -> root;
    return execute(command, args);
  }

  private int execute(VerifyCommand command, String... args) {
    CommandLine cmd = new CommandLine(command);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void completeEvidenceInALayoutIsAllowedWithEachRequirementNamed() {
    int code =
        run(
            NAME + EvidenceFixtures.SINGLE,
            "--policy",
            POLICY.toString(),
            "--oci-layout",
            COMPLETE.toString());

    assertThat(code).isZero();
    assertThat(out.toString())
        .startsWith("allowed: " + NAME + EvidenceFixtures.SINGLE)
        .contains("  signature: ")
        .contains("  https://slsa.dev/provenance/v1: ")
        .contains("  https://in-toto.io/attestation/test-result/v0.1: ")
        .contains("  https://spdx.dev/Document: ");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void nothingAttachedIsDeniedWithEveryUnmetRequirementAndItsReason() {
    int code =
        run(
            NAME + EvidenceFixtures.ARM64,
            "--policy",
            POLICY.toString(),
            "--oci-layout",
            COMPLETE.toString());

    assertThat(code).isEqualTo(VerifyCommand.DENIED);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("denied (EvidenceMissing): ");
    assertThat(lines.subList(1, lines.size()))
        .hasSize(4)
        .allSatisfy(line -> assertThat(line).contains(": EvidenceMissing: "));
  }

  @Test
  void evidenceSignedByAnotherIdentityIsDenied() {
    int code =
        run(
            NAME + EvidenceFixtures.SINGLE,
            "--policy",
            POLICY.toString(),
            "--oci-layout",
            EvidenceFixtures.layout("neg-wrong-identity").toString());

    assertThat(code).isEqualTo(VerifyCommand.DENIED);
    assertThat(out.toString()).contains("https://slsa.dev/provenance/v1: IdentityMismatch: ");
  }

  @Test
  void jsonOutputHasTheDocumentedShape() throws Exception {
    int code =
        run(
            NAME + EvidenceFixtures.SINGLE,
            "--policy",
            POLICY.toString(),
            "--oci-layout",
            COMPLETE.toString(),
            "--output",
            "json");

    assertThat(code).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.path("verdict").asText()).isEqualTo("allowed");
    assertThat(json.path("reason").asText()).isEqualTo("EvidenceVerified");
    assertThat(json.path("digest").asText()).isEqualTo(EvidenceFixtures.SINGLE);
    assertThat(json.path("unmet")).isEmpty();
    assertThat(json.path("satisfied")).hasSize(4);
    JsonNode first = json.path("satisfied").get(0);
    assertThat(first.path("requirement").asText()).isEqualTo("signature");
    assertThat(first.path("source").asText()).isNotBlank();
    assertThat(first.path("issuer").asText())
        .isEqualTo("https://token.actions.githubusercontent.com");
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly("image", "digest", "verdict", "reason", "message", "satisfied", "unmet");
  }

  @Test
  void onlyTheGivenBundlesCountAsEvidence() {
    int code =
        run(
            NAME + EvidenceFixtures.SINGLE,
            "--policy",
            POLICY.toString(),
            "--oci-layout",
            COMPLETE.toString(),
            "--bundle",
            bundle("single/slsa-provenance.sigstore.json"),
            "--bundle",
            bundle("single/test-result-passed.sigstore.json"),
            "--bundle",
            bundle("single/sbom-spdx.sigstore.json"));

    // The layout holds signatures too, but only the three bundles were given: no signature.
    assertThat(code).isEqualTo(VerifyCommand.DENIED);
    assertThat(out.toString()).contains("signature: EvidenceMissing: ");
    assertThat(out.toString()).doesNotContain("https://slsa.dev/provenance/v1: ");
  }

  @Test
  void bundlesMeetingEveryRequirementAreAllowed() {
    int code =
        run(
            NAME + EvidenceFixtures.SINGLE,
            "--policy",
            POLICY.toString(),
            "--oci-layout",
            COMPLETE.toString(),
            "--bundle",
            bundle("single/message-signature.sigstore.json"),
            "--bundle",
            bundle("single/slsa-provenance.sigstore.json"),
            "--bundle",
            bundle("single/test-result-passed.sigstore.json"),
            "--bundle",
            bundle("single/sbom-spdx.sigstore.json"));

    assertThat(code).isZero();
    assertThat(out.toString()).contains("bundle slsa-provenance.sigstore.json");
  }

  @Test
  void aBundleWhoseSubjectIsAnotherDigestDoesNotCount() {
    int code =
        run(
            NAME + EvidenceFixtures.SINGLE,
            "--policy",
            POLICY.toString(),
            "--oci-layout",
            COMPLETE.toString(),
            "--bundle",
            bundle("single/message-signature.sigstore.json"),
            "--bundle",
            bundle("negative/subject-digest-mismatch.sigstore.json"),
            "--bundle",
            bundle("single/test-result-passed.sigstore.json"),
            "--bundle",
            bundle("single/sbom-spdx.sigstore.json"));

    assertThat(code).isEqualTo(VerifyCommand.DENIED);
    assertThat(out.toString()).contains("https://slsa.dev/provenance/v1: SubjectMismatch: ");
  }

  @Test
  void verifiesADigestInARealRegistry() throws Exception {
    try (DockerRegistry registry = DockerRegistry.start()) {
      var pushed = LayoutPusher.into(registry).push(COMPLETE, "acme/api");

      int code =
          run(
              pushed.ref(EvidenceFixtures.SINGLE).toString(),
              "--policy",
              POLICY.toString(),
              "--insecure-registry");

      assertThat(code).isZero();
      assertThat(out.toString()).startsWith("allowed: " + registry.host() + "/acme/api@");
    }
  }

  @Test
  void anUnreachableRegistryCouldNotDecide() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    int code =
        run(
            "127.0.0.1:" + port + "/acme/api@" + EvidenceFixtures.SINGLE,
            "--policy",
            POLICY.toString(),
            "--insecure-registry",
            "--output",
            "json");

    assertThat(code).isEqualTo(VerifyCommand.UNDECIDED);
    assertThat(out.toString()).contains("\"verdict\" : \"error\"");
    assertThat(err.toString()).contains("could not decide (RegistryUnavailable)");
  }

  @Test
  void theShippedPublicGoodRootIsTheLastFallbackAndDecides() throws Exception {
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), policyWithoutRoot());

    int code =
        runWithDefaultRoot(
            VerifyCommand.shippedPublicGoodRoot(),
            NAME + EvidenceFixtures.SINGLE,
            "--policy",
            policy.toString(),
            "--oci-layout",
            COMPLETE.toString());

    // The kit is signed under its own test CA, which the public-good root does not trust.
    assertThat(VerifyCommand.shippedPublicGoodRoot()).isPresent();
    assertThat(code).isEqualTo(VerifyCommand.DENIED);
    assertThat(out.toString()).contains("denied").contains("trusted root");
  }

  @Test
  void withNoTrustedRootAtAllItCannotDecide() throws Exception {
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), policyWithoutRoot());

    int code =
        runWithDefaultRoot(
            Optional.empty(),
            NAME + EvidenceFixtures.SINGLE,
            "--policy",
            policy.toString(),
            "--oci-layout",
            COMPLETE.toString());

    assertThat(code).isEqualTo(VerifyCommand.UNDECIDED);
    assertThat(err.toString()).contains("no trusted root");
  }

  @Test
  void theTrustedRootOptionBeatsThePolicyFile() throws Exception {
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), policyWithoutRoot());

    int code =
        run(
            NAME + EvidenceFixtures.SINGLE,
            "--policy",
            policy.toString(),
            "--trusted-root",
            EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json").toString(),
            "--oci-layout",
            COMPLETE.toString());

    assertThat(code).isZero();
  }

  @Test
  void fieldsOutsideThePolicyShapeAreRefusedNotIgnored() {
    // The kit's policy.yaml carries a "semantics" section for its own generator.
    int code =
        run(
            NAME + EvidenceFixtures.SINGLE,
            "--policy",
            EvidenceFixtures.resource("/fixtures/evidence/policy.yaml").toString(),
            "--oci-layout",
            COMPLETE.toString());

    assertThat(code).isEqualTo(VerifyCommand.UNDECIDED);
    assertThat(err.toString()).contains("Unrecognized field \"semantics\"");
  }

  @Test
  void usageProblemsCouldNotDecide() throws Exception {
    Path notPolicy = Files.writeString(tmp.resolve("p.yaml"), "- a list\n- not a policy\n");

    assertThat(run("not a reference", "--policy", POLICY.toString()))
        .isEqualTo(VerifyCommand.UNDECIDED);
    assertThat(run(NAME + EvidenceFixtures.SINGLE, "--policy", tmp.resolve("missing").toString()))
        .isEqualTo(VerifyCommand.UNDECIDED);
    assertThat(run(NAME + EvidenceFixtures.SINGLE, "--policy", notPolicy.toString()))
        .isEqualTo(VerifyCommand.UNDECIDED);
    assertThat(err.toString()).contains("no such file").contains("shape of spec.policy");
  }

  private static String policyWithoutRoot() {
    return String.join(
        "\n",
        "signatures:",
        "  - keyless:",
        "      issuer: https://token.actions.githubusercontent.com",
        "      subjectRegExp: '^https://github.com/acme/api/.+@refs/heads/main$'",
        "attestations:",
        "  - predicateType: https://slsa.dev/provenance/v1",
        "");
  }

  private static String bundle(String name) {
    return EvidenceFixtures.resource(BUNDLES + name).toString();
  }
}
