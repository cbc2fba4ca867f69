package dev.shipproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PinCommandTest {
  private static final String DIGEST = "sha256:1f2e3d4c5b6a" + "7".repeat(52);
  private static final String IMAGE = "registry.example.com/payments/api@" + DIGEST;
  private static final String VALUES =
      "# values\nimage:\n  repository: registry.example.com/payments/api\n  tag: v1 # ci\n";

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = new CommandLine(new PinCommand());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  private Path file(String text) throws IOException {
    return Files.writeString(tmp.resolve("values.yaml"), text, StandardCharsets.UTF_8);
  }

  @Test
  void pinsInPlaceAndSaysSo() throws IOException {
    Path f = file(VALUES);

    int code = run(f.toString(), "--format", "helm-values", "--image", IMAGE, "--tag-holds-digest");

    assertThat(code).isZero();
    assertThat(Files.readString(f)).isEqualTo(VALUES.replace("tag: v1", "tag: v1@" + DIGEST));
    assertThat(out.toString()).startsWith("pinned registry.example.com/payments/api@" + DIGEST);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void printsOnlyTheEditedFileWithStdoutAndLeavesTheFileAlone() throws IOException {
    Path f = file(VALUES);

    int code =
        run(
            f.toString(),
            "--format",
            "helm-values",
            "--image",
            IMAGE,
            "--tag-holds-digest",
            "--stdout");

    assertThat(code).isZero();
    assertThat(out.toString()).isEqualTo(VALUES.replace("tag: v1", "tag: v1@" + DIGEST));
    assertThat(Files.readString(f)).isEqualTo(VALUES);
    assertThat(err.toString()).startsWith("pinned ");
  }

  @Test
  void saysAlreadyPinnedWithExitZeroAndWritesNothing() throws IOException {
    String pinned = "image: registry.example.com/payments/api:v1@" + DIGEST + "\n";
    Path f = file(pinned);

    int code = run(f.toString(), "--format", "yaml", "--key", "image", "--image", IMAGE);

    assertThat(code).isZero();
    assertThat(out.toString()).startsWith("already pinned: ");
    assertThat(Files.readString(f)).isEqualTo(pinned);
  }

  @Test
  void refusesWithExitOneAndTheReasonOnStderr() throws IOException {
    Path f = file(VALUES);

    int code = run(f.toString(), "--format", "helm-values", "--image", IMAGE);

    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("refused (TargetInvalid): ")
        .contains("cannot take a digest");
    assertThat(out.toString()).isEmpty();
    assertThat(Files.readString(f)).isEqualTo(VALUES);
  }

  @Test
  void refusesAMissingFileWithExitOne() {
    int code = run(tmp.resolve("nope.yaml").toString(), "--format", "kustomize", "--image", IMAGE);

    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("TargetNotFound")
        .contains("nope.yaml (image registry.example.com/payments/api): no such file");
  }

  @Test
  void refusesInvalidUtf8WithExitOne() throws IOException {
    Path f = Files.write(tmp.resolve("bad.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});

    assertThat(run(f.toString(), "--format", "kustomize", "--image", IMAGE)).isEqualTo(1);
    assertThat(err.toString())
        .contains("bad.yaml (image registry.example.com/payments/api): not UTF-8");
  }

  @Test
  void treatsATagInsteadOfADigestAsAUsageError() throws IOException {
    Path f = file(VALUES);

    int code = run(f.toString(), "--format", "helm-values", "--image", "registry.example.com/x:v1");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("has no digest");
  }

  @Test
  void treatsAnUnknownFormatAndMissingOptionsAsUsageErrors() throws IOException {
    Path f = file(VALUES);

    assertThat(run(f.toString(), "--format", "jsonnet", "--image", IMAGE)).isEqualTo(2);
    assertThat(run(f.toString(), "--image", IMAGE)).isEqualTo(2);
  }

  @Test
  void pinsAKustomizationInPlace() throws IOException {
    Path f =
        Files.writeString(
            tmp.resolve("kustomization.yaml"),
            "images:\r\n- name: registry.example.com/payments/api\r\n  newTag: v1\r\n");

    assertThat(run(f.toString(), "--format", "kustomize", "--image", IMAGE)).isZero();
    assertThat(Files.readString(f))
        .isEqualTo(
            "images:\r\n- name: registry.example.com/payments/api\r\n  digest: " + DIGEST + "\r\n");
  }
}
