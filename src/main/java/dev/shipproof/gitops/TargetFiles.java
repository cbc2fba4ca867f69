package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the edits of one publish to a work tree, in memory first: the files are written only when
 * every target could be edited. Keeps every path inside the work tree.
 */
final class TargetFiles {
  /** Above what any editor accepts (8 Mi code points of at most 4 bytes each). */
  static final long MAX_BYTES = 32L * 1024 * 1024;

  private final Path root;
  private final String branch;
  private final Map<String, String> original = new LinkedHashMap<>();
  private final Map<String, String> edited = new LinkedHashMap<>();

  TargetFiles(Path workTree, String branch) throws IOException {
    this.root = workTree.toRealPath();
    this.branch = branch;
  }

  /** Edits every target; a refusal of any one is returned and nothing is kept. */
  Optional<PublishOutcome.Refused> apply(PublishRequest request) throws IOException {
    for (PublishRequest.Target target : request.targets()) {
      Optional<PublishOutcome.Refused> refused = apply(target, request.pinned());
      if (refused.isPresent()) {
        return refused;
      }
    }
    return Optional.empty();
  }

  /** Repository-relative paths (with {@code /}) whose text changed, with the new text. */
  Map<String, String> changed() {
    Map<String, String> changed = new LinkedHashMap<>();
    edited.forEach(
        (path, text) -> {
          if (!text.equals(original.get(path))) {
            changed.put(path, text);
          }
        });
    return changed;
  }

  /** Writes the changed files as UTF-8. */
  void write() throws IOException {
    for (Map.Entry<String, String> e : changed().entrySet()) {
      Files.writeString(root.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
    }
  }

  private Optional<PublishOutcome.Refused> apply(PublishRequest.Target target, ImageRef pinned)
      throws IOException {
    String label = target.path() + " (image " + target.imageName() + ")";
    if (!TargetEditors.FORMATS.contains(target.format())) {
      return refuse(Reasons.TARGET_INVALID, label + ": unsupported format " + target.format());
    }
    Path file;
    try {
      file = resolve(target.path());
    } catch (NoSuchFileException e) {
      return refuse(Reasons.TARGET_NOT_FOUND, label + ": no such file on branch " + branch);
    } catch (IllegalArgumentException e) {
      return refuse(Reasons.TARGET_INVALID, label + ": " + e.getMessage());
    } catch (FileSystemException e) {
      // A symlink loop, a name too long: the tree is what it is, a retry sees the same.
      return refuse(Reasons.TARGET_INVALID, label + ": the path cannot be resolved in the tree");
    }
    String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    if (!edited.containsKey(key)) {
      if (Files.size(file) > MAX_BYTES) {
        // Checked before reading: a 200 MiB file must not be loaded to learn it is too large.
        return refuse(
            Reasons.TARGET_INVALID, label + ": larger than " + (MAX_BYTES >> 20) + " MiB");
      }
      Optional<String> text = decode(Files.readAllBytes(file));
      if (text.isEmpty()) {
        return refuse(Reasons.TARGET_INVALID, label + ": not UTF-8 text");
      }
      original.put(key, text.get());
      edited.put(key, text.get());
    }
    EditResult result = TargetEditors.edit(target.format(), edited.get(key), target, pinned);
    if (result instanceof EditResult.Refused r) {
      return refuse(r.reason(), label + ": " + r.message());
    }
    if (result instanceof EditResult.Changed c) {
      edited.put(key, c.newText());
    }
    return Optional.empty();
  }

  /**
   * The real path of a target, refusing anything that leaves the work tree or enters {@code .git},
   * also through symlinks.
   *
   * @throws NoSuchFileException when the file (or a symlink's target) does not exist
   * @throws IllegalArgumentException with a message when the path is not acceptable
   */
  Path resolve(String path) throws IOException {
    if (path.isBlank() || path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("path is empty or holds a NUL or backslash");
    }
    if (path.startsWith("/") || Path.of(path).isAbsolute()) {
      throw new IllegalArgumentException("path must be relative to the repository root");
    }
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        throw new IllegalArgumentException("path must not contain ..");
      }
      if (part.toLowerCase(Locale.ROOT).equals(".git")) {
        throw new IllegalArgumentException("path must not point into .git");
      }
    }
    Path real = root.resolve(path).toRealPath();
    if (!real.startsWith(root)) {
      throw new IllegalArgumentException("path leads outside the repository (symlink)");
    }
    if (real.startsWith(root.resolve(".git"))) {
      throw new IllegalArgumentException("path leads into .git (symlink)");
    }
    if (!Files.isRegularFile(real)) {
      throw new IllegalArgumentException("not a regular file");
    }
    return real;
  }

  private static Optional<String> decode(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static Optional<PublishOutcome.Refused> refuse(String reason, String message) {
    return Optional.of(new PublishOutcome.Refused(reason, message));
  }
}
