package dev.shipproof.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Generated bare repositories for the git benchmarks, written by {@code git fast-import} like
 * {@link RollbackBench}'s and cached under {@code target/bench-repos}, keyed by their parameters.
 * The first commit adds {@code files} kustomizations ({@link #path}); every later commit edits one
 * of 50 unrelated notes files, so history is long and the tree is wide. Benchmarks push, so they
 * work on a {@link #copy} of the cached repository, never on the cache itself.
 */
final class BenchRepos {
  /** Bumped whenever the generated content changes, so stale caches are not reused. */
  private static final int FORMAT = 1;

  private BenchRepos() {}

  /** The kustomization of service {@code k}. */
  static String path(int k) {
    return String.format(Locale.ROOT, "apps/svc-%04d/overlays/production/kustomization.yaml", k);
  }

  /** The image the kustomization of service {@code k} names, unless one image is shared. */
  static String image(int k) {
    return String.format(Locale.ROOT, "registry.example.com/team/svc-%04d", k);
  }

  /**
   * A fresh writable copy (under {@code into}) of the cached repository with these parameters,
   * generating it first when it is not cached yet.
   *
   * @param sharedImage the image every kustomization names, or {@code null} for {@link #image}
   */
  static Path copy(Path cacheRoot, Path into, int commits, int files, String sharedImage)
      throws Exception {
    Path cached = cached(cacheRoot, commits, files, sharedImage);
    Path target = Files.createTempDirectory(into, "repo-" + commits + "-");
    copyTree(cached, target);
    return target;
  }

  /** The cached pristine repository, generated when missing. */
  static Path cached(Path cacheRoot, int commits, int files, String sharedImage) throws Exception {
    String key =
        "v"
            + FORMAT
            + "-c"
            + commits
            + "-f"
            + files
            + (sharedImage == null ? "" : "-i" + Integer.toHexString(sharedImage.hashCode()));
    Path bare = cacheRoot.resolve(key + ".git");
    if (Files.isRegularFile(bare.resolve("shipproof-bench-complete"))) {
      return bare;
    }
    Files.createDirectories(cacheRoot);
    Path partial = Files.createTempDirectory(cacheRoot, key + ".partial-");
    generate(partial, commits, files, sharedImage);
    Files.writeString(partial.resolve("shipproof-bench-complete"), key + "\n");
    deleteTree(bare);
    Files.move(partial, bare, StandardCopyOption.ATOMIC_MOVE);
    return bare;
  }

  /** A bare repository of {@code commits} first-parent commits, written by git fast-import. */
  static void generate(Path bare, int commits, int files, String sharedImage) throws Exception {
    run(List.of("git", "init", "-q", "--bare", "-b", "main", bare.toString()), null);
    Path stream = bare.resolveSibling(bare.getFileName() + ".fi");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(stream), 1 << 20)) {
      for (int i = 1; i <= commits; i++) {
        write(out, "commit refs/heads/main\nmark :" + i + "\n");
        write(out, "committer Bench <bench@example.com> " + (1_700_000_000L + i) + " +0000\n");
        data(out, (i == 1 ? "services" : "docs " + i) + "\n");
        if (i > 1) {
          write(out, "from :" + (i - 1) + "\n");
        }
        if (i == 1) {
          for (int k = 0; k < files; k++) {
            write(out, "M 100644 inline " + path(k) + "\n");
            data(out, overlay(sharedImage == null ? image(k) : sharedImage));
          }
        }
        write(out, "M 100644 inline docs/notes-" + (i % 50) + ".md\n");
        data(out, "edit " + i + "\n");
        write(out, "\n");
      }
    }
    run(List.of("git", "--git-dir=" + bare, "fast-import", "--quiet"), stream);
    Files.delete(stream);
    // One pack and no loose objects, as a long-lived server repository would hold.
    run(List.of("git", "--git-dir=" + bare, "gc", "--quiet"), null);
  }

  static String overlay(String image) {
    return "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
        + "  - ../../base\nimages:\n  - name: "
        + image
        + "\n    newTag: \"0.9.0\"\n";
  }

  private static void data(OutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(out, "data " + bytes.length + "\n");
    out.write(bytes);
    write(out, "\n");
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }

  static void run(List<String> command, Path stdin) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue());
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.delete(p);
      }
    }
  }
}
