package dev.shipproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.PromotionInfo;
import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.GitFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code shipproof history} against a real bare repository holding Shipproof commits. */
class HistoryCommandTest {
  static final String IMAGE = "registry.example.com/payments/api";
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);

  @TempDir Path tmp;
  GitFixture git;
  RevCommit c1;
  RevCommit c2;
  RevCommit rollback;
  RevCommit override;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws Exception {
    git = GitFixture.kustomizeOverlay(tmp.resolve("remote.git"), List.of(IMAGE));
    c1 = commit("r1", D1, CommitMessage.Extras.NONE);
    c2 = commit("r2", D2, CommitMessage.Extras.NONE);
    rollback = commit("rb", D1, new CommitMessage.Extras(List.of(c2.name()), D2, null));
    override = commit("r2-again", D2, new CommitMessage.Extras(List.of(), null, "fixed by config"));
  }

  RevCommit commit(String name, String digest, CommitMessage.Extras extras) throws Exception {
    var info =
        new PromotionInfo(
            "payments",
            name,
            name + "-uid",
            "production",
            ImageRef.parse(IMAGE + "@" + digest),
            "because " + name,
            "signature(key test)");
    return git.commitByHand(
        GitFixture.OVERLAY,
        "images:\n  - name: " + IMAGE + "\n    digest: " + digest + "\n",
        CommitMessage.build(info, extras));
  }

  int run(String... args) {
    CommandLine cmd = new CommandLine(new HistoryCommand());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void printsTheRecordNewestFirstWithRevertsOverridesAndTheQuarantine() {
    int code = run("--repo", git.url(), "--branch", "main");

    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text)
        .contains("TIME                 COMMIT       DIGEST")
        .contains(rollback.getName().substring(0, 12) + " sha256:111111111111 production")
        .contains(
            "rollback: reverts " + c2.getName().substring(0, 12) + ", rejects sha256:222222222222")
        .contains("override: fixed by config")
        .contains("reason: because rb")
        .contains("quarantined: none");
    assertThat(text.indexOf(override.getName().substring(0, 12)))
        .isLessThan(text.indexOf(c1.getName().substring(0, 12)));
  }

  @Test
  void theQuarantineIsWhatTheNewestRollbackLeft() throws Exception {
    commit("rb-2", D1, new CommitMessage.Extras(List.of(override.name()), D2, null));

    run("--repo", git.url(), "--branch", "main", "--environment-name", "production");

    assertThat(out.toString()).contains("quarantined:\n  " + D2 + " rejected by payments/rb-2");
  }

  @Test
  void readsAnEnvironmentManifestAndWritesJson() throws Exception {
    Path env =
        Files.writeString(
            tmp.resolve("env.yaml"),
            "apiVersion: shipproof.dev/v1alpha1\nkind: Environment\nmetadata:\n  name: production\n"
                + "spec:\n  git:\n    url: "
                + git.url()
                + "\n    branch: main\n  targets: []\n");

    int code = run("--environment", env.toString(), "--output", "json");

    assertThat(code).as(err.toString()).isZero();
    JsonNode doc = new ObjectMapper().readTree(out.toString());
    assertThat(doc.path("entries")).hasSize(4);
    JsonNode newest = doc.path("entries").get(0);
    assertThat(newest.path("digest").asText()).isEqualTo(D2);
    assertThat(newest.path("override").asText()).isEqualTo("fixed by config");
    assertThat(doc.path("entries").get(1).path("revertOf").get(0).asText()).isEqualTo(c2.getName());
    assertThat(doc.path("entries").get(1).path("time").asText()).endsWith("Z");
    assertThat(doc.path("quarantine")).isEmpty();
    assertThat(doc.path("truncated").asBoolean()).isFalse();
  }

  @Test
  void anotherEnvironmentsCommitsAreLeftOut() {
    run("--repo", git.url(), "--branch", "main", "--environment-name", "staging");

    assertThat(out.toString()).doesNotContain("production").contains("quarantined: none");
  }
}
