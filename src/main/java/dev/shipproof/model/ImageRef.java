package dev.shipproof.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference as a user wrote it: {@code [registry/]repository[:tag][@algo:hex]}. The digest
 * is the identity; the tag is only a label. Parsing never rewrites what the user wrote: {@link
 * #name()} gives the name back as written, {@link #canonicalName()} the normalised form used only
 * for comparison.
 *
 * @param registry registry host (with port) as written, or {@code null} when none was written
 * @param repository repository path below the registry
 * @param tag tag, or {@code null}
 * @param digest {@code algo:hex}, or {@code null}
 */
public record ImageRef(String registry, String repository, String tag, String digest) {
  /** The registry Docker assumes when a name has none. */
  public static final String DEFAULT_REGISTRY = "docker.io";

  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9-]+)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");

  /**
   * Parses a reference. Throws {@link ImageRefException} with {@link ImageRefException#reason()}
   * {@code InvalidReference} when it is malformed.
   */
  public static ImageRef parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ImageRefException("InvalidReference", "image reference is empty");
    }
    if (!text.equals(text.strip()) || text.chars().anyMatch(Character::isWhitespace)) {
      throw new ImageRefException(
          "InvalidReference", "image reference \"" + text + "\" contains white space");
    }
    String rest = text;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = parseDigest(text, rest.substring(at + 1));
      rest = rest.substring(0, at);
      if (rest.isEmpty()) {
        throw new ImageRefException(
            "InvalidReference", "image reference \"" + text + "\" has a digest but no name");
      }
    }
    String tag = null;
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new ImageRefException(
            "InvalidReference",
            "image reference \"" + text + "\" has an invalid tag \"" + tag + "\"");
      }
    }
    String registry = null;
    String repository = rest;
    int first = rest.indexOf('/');
    if (first > 0) {
      String head = rest.substring(0, first);
      if (head.contains(".")
          || head.contains(":")
          || head.equals("localhost")
          || head.startsWith("[")) {
        registry = head;
        repository = rest.substring(first + 1);
        if (!HOST.matcher(registry).matches()) {
          throw new ImageRefException(
              "InvalidReference",
              "image reference \"" + text + "\" has an invalid registry host \"" + registry + "\"");
        }
      }
    }
    if (repository.isEmpty()) {
      throw new ImageRefException(
          "InvalidReference", "image reference \"" + text + "\" has no repository");
    }
    for (String part : repository.split("/", -1)) {
      if (!COMPONENT.matcher(part).matches()) {
        throw new ImageRefException(
            "InvalidReference",
            "image reference \""
                + text
                + "\" has an invalid path component \""
                + part
                + "\" (lower-case letters, digits and . _ - only)");
      }
    }
    return new ImageRef(registry, repository, tag, digest);
  }

  /**
   * Parses a reference that must carry a digest. A missing digest is refused with reason {@code
   * DigestRequired}: a tag is a label, not a release.
   */
  public static ImageRef parseDigestReference(String text) {
    ImageRef ref = parse(text);
    if (ref.digest == null) {
      throw new ImageRefException(
          "DigestRequired",
          "image \""
              + text
              + "\" has no digest; promote by digest (name@sha256:<64 hex>), a tag is only a"
              + " label");
    }
    return ref;
  }

  private static String parseDigest(String text, String value) {
    int colon = value.indexOf(':');
    if (colon <= 0) {
      throw new ImageRefException(
          "InvalidReference", "image reference \"" + text + "\" has a digest without an algorithm");
    }
    String algo = value.substring(0, colon);
    String hex = value.substring(colon + 1);
    int expected;
    switch (algo) {
      case "sha256" -> expected = 64;
      case "sha512" -> expected = 128;
      default ->
          throw new ImageRefException(
              "InvalidReference",
              "image reference \""
                  + text
                  + "\" uses unsupported digest algorithm \""
                  + algo
                  + "\"");
    }
    if (hex.length() != expected || !hex.chars().allMatch(ImageRef::isLowerHex)) {
      throw new ImageRefException(
          "InvalidReference",
          "image reference \""
              + text
              + "\" has a malformed "
              + algo
              + " digest: want "
              + expected
              + " lower-case hex characters, got \""
              + hex
              + "\"");
    }
    return algo + ":" + hex;
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /** Registry to contact: the written one, or Docker Hub. */
  public String registryHost() {
    return registry == null ? DEFAULT_REGISTRY : registry;
  }

  /** Repository path as the registry API wants it ({@code library/} added for Docker Hub). */
  public String apiRepository() {
    if (registry == null && !repository.contains("/")) {
      return "library/" + repository;
    }
    return repository;
  }

  /** The name as written: registry (if any) and repository, no tag, no digest. */
  public String name() {
    return registry == null ? repository : registry + "/" + repository;
  }

  /** A normalised name for comparing references, never for writing back into a file. */
  public String canonicalName() {
    String host = registryHost().toLowerCase(Locale.ROOT);
    if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
      host = DEFAULT_REGISTRY;
    }
    return host + "/" + (host.equals(DEFAULT_REGISTRY) ? apiRepository() : repository);
  }

  /** The same name pinned to a digest, without a tag. */
  public ImageRef withDigest(String newDigest) {
    return new ImageRef(registry, repository, null, newDigest);
  }

  /** {@code name@digest} (or with a tag when one is set and no digest). */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(name());
    if (tag != null) {
      out.append(':').append(tag);
    }
    if (digest != null) {
      out.append('@').append(digest);
    }
    return out.toString();
  }

  /** The first 12 hex characters of the digest, with its algorithm, for humans. */
  public String shortDigest() {
    return digest == null ? null : shortDigest(digest);
  }

  /** {@code sha256:1f2e3d4c5b6a} from a full digest. */
  public static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    int end = Math.min(digest.length(), colon + 1 + 12);
    return digest.substring(0, end);
  }
}
