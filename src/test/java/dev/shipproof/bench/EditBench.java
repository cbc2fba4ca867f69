package dev.shipproof.bench;

import dev.shipproof.gitops.EditResult;
import dev.shipproof.gitops.PublishRequest;
import dev.shipproof.gitops.TargetEditors;
import dev.shipproof.gitops.TargetOptions;
import dev.shipproof.model.ImageRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;

/**
 * Times the editors on large files (run with {@code bench/run-edit-bench}; not a test): a 1 MB Helm
 * values file and a 500-document manifest. Prints the time per edit and its ratio to reading the
 * file and composing it once with SnakeYAML Engine.
 */
public final class EditBench {
  private static final String NAME = "registry.example.com/payments/api";
  private static final ImageRef PIN =
      ImageRef.parse(NAME + "@sha256:1f2e3d4c5b6a" + "7".repeat(52));
  private static final int WARMUP = 5;
  private static final int RUNS = 20;

  private EditBench() {}

  /** Entry point; no arguments. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("shipproof-bench");
    run(dir.resolve("values.yaml"), values(), "helm-values", TargetOptions.DEFAULTS);
    run(dir.resolve("manifest.yaml"), manifest(), "manifest", TargetOptions.DEFAULTS);
  }

  private static void run(Path file, String text, String format, TargetOptions options)
      throws Exception {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    var target = new PublishRequest.Target(file.toString(), format, NAME, options);
    double read = time(() -> compose(Files.readString(file)));
    double edit =
        time(
            () -> {
              EditResult r = TargetEditors.edit(format, Files.readString(file), target, PIN);
              if (!(r instanceof EditResult.Changed)) {
                throw new IllegalStateException(format + ": " + r);
              }
            });
    System.out.printf(
        Locale.ROOT,
        "%-12s %8.1f KB  edit %8.2f ms  read+parse %8.2f ms  ratio %5.2f%n",
        format,
        Files.size(file) / 1024.0,
        edit,
        read,
        edit / read);
  }

  private interface Step {
    void run() throws Exception;
  }

  /** Median milliseconds of {@link #RUNS} runs after {@link #WARMUP}. */
  private static double time(Step step) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      step.run();
    }
    long[] nanos = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      step.run();
      nanos[i] = System.nanoTime() - t;
    }
    java.util.Arrays.sort(nanos);
    return nanos[RUNS / 2] / 1e6;
  }

  private static void compose(String text) {
    LoadSettings settings =
        LoadSettings.builder().setCodePointLimit(16 * 1024 * 1024).setUseMarks(true).build();
    for (var node : new Compose(settings).composeAllFromString(text)) {
      if (node == null) {
        throw new IllegalStateException();
      }
    }
  }

  private static String values() {
    StringBuilder out = new StringBuilder("# Generated values for the benchmark.\n");
    for (int i = 0; out.length() < 1024 * 1024; i++) {
      out.append("service")
          .append(i)
          .append(":\n  # replicas of service ")
          .append(i)
          .append("\n  replicas: 2\n  image:\n    repository: registry.example.com/other/s")
          .append(i)
          .append("\n    tag: v1.")
          .append(i)
          .append("\n  env:\n    - name: LEVEL\n      value: info\n");
    }
    return out.append("image:\n  repository: ")
        .append(NAME)
        .append("\n  tag: v1.2.3 # ci\n  digest: \"\"\n")
        .toString();
  }

  private static String manifest() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      out.append("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app")
          .append(i)
          .append("\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n")
          .append("        - name: main\n          image: ")
          .append(i % 10 == 0 ? NAME + ":v1" : "registry.example.com/other/a" + i + ":v1")
          .append("\n          ports:\n            - containerPort: 8080\n");
    }
    return out.toString();
  }
}
