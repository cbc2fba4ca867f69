package dev.shipproof.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;

/**
 * Damage to a cached working clone that JGit would not report by itself, or would work around in a
 * way that is wrong for Shipproof: a shallow history hides a promotion's own commit, a changed
 * origin fetches and pushes elsewhere, a lock file or a bad ref left by a crash fails half-way. A
 * damaged clone is deleted and cloned afresh; damage found only while using the clone (a missing or
 * truncated object) is handled the same way by the caller.
 */
final class CloneHealth {
  private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}");

  /** Lock files git and JGit leave when a process dies while writing. */
  private static final List<String> LOCKS =
      List.of("index.lock", "HEAD.lock", "config.lock", "packed-refs.lock", "shallow.lock");

  private CloneHealth() {}

  /**
   * What is wrong with the clone in {@code dir} before it is opened, as a short phrase for the log;
   * empty when it looks usable or does not exist.
   */
  static Optional<String> problem(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("the clone is not a directory");
    }
    Path git = dir.resolve(".git");
    if (!Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("the clone has no .git directory");
    }
    for (String lock : LOCKS) {
      if (Files.exists(git.resolve(lock), LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(lock + " was left behind");
      }
    }
    if (Files.exists(git.resolve("shallow"), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("the clone is shallow");
    }
    try {
      Optional<String> head = badRef(git.resolve("HEAD"), "HEAD");
      if (head.isPresent()) {
        return head;
      }
      return badRefs(git.resolve("refs"));
    } catch (IOException e) {
      return Optional.of("its refs cannot be read");
    }
  }

  /** What is wrong with an opened clone: an origin other than the repository's URL. */
  static Optional<String> problem(Repository repo, String url) {
    String origin = repo.getConfig().getString("remote", "origin", "url");
    if (!url.equals(origin)) {
      return Optional.of("its origin is not the environment's repository");
    }
    return Optional.empty();
  }

  private static Optional<String> badRefs(Path refs) throws IOException {
    if (!Files.isDirectory(refs, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("it has no refs directory");
    }
    try (Stream<Path> files = Files.walk(refs)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String name = refs.getParent().relativize(f).toString().replace('\\', '/');
        Optional<String> bad = badRef(f, name);
        if (bad.isPresent()) {
          return bad;
        }
      }
    }
    return Optional.empty();
  }

  /** A loose ref holds an object id or {@code ref: <valid ref name>}, and is a regular file. */
  private static Optional<String> badRef(Path file, String name) throws IOException {
    if (name.endsWith(".lock")) {
      return Optional.of(name + " was left behind");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(name + " is not a file");
    }
    if (Files.size(file) > 4096) {
      return Optional.of(name + " holds no ref");
    }
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
    if (OBJECT_ID.matcher(text).matches()) {
      return Optional.empty();
    }
    if (text.startsWith("ref: ") && Repository.isValidRefName(text.substring(5).strip())) {
      return Optional.empty();
    }
    return Optional.of(name + " holds no ref");
  }
}
