package dev.shipproof.gitops;

import dev.shipproof.model.ImageRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One publish: which repository and branch, who commits, which files pin which image, and the
 * digest to pin.
 *
 * @param url repository URL: {@code https}, {@code ssh}, {@code http}, {@code file} or {@code
 *     user@host:path}; only its {@linkplain GitUrls#redact redacted} form is shown anywhere. A
 *     missing or invalid URL is refused by the publish, not here, so it becomes a plain refusal.
 * @param branch branch to push to, without {@code refs/heads/}; checked by the publish like url
 * @param authorName author and committer name
 * @param authorEmail author and committer email
 * @param targets the files to edit; an empty list (or {@code null}) is refused by the publish
 * @param pinned the image to pin; must carry a digest
 * @param message the full commit message, usually from {@link CommitMessage#build}
 * @param promotionUid the Promotion's uid, for logs and for finding our own commit after a crash;
 *     when {@code null} or blank, that search is skipped
 * @param access credentials and commit signing; {@link GitAccess#ANONYMOUS} when {@code null}
 * @param notBefore when the promotion was created, so its own commit cannot be older; the search
 *     for that commit reads past its usual depth back to this time; {@code null} when unknown
 * @param guard a rule checked on the exact tip the commit goes on, after the last fetch; {@code
 *     null} for none
 */
public record PublishRequest(
    String url,
    String branch,
    String authorName,
    String authorEmail,
    List<Target> targets,
    ImageRef pinned,
    String message,
    String promotionUid,
    GitAccess access,
    Instant notBefore,
    TipGuard guard) {

  /** A request without a tip guard. */
  public PublishRequest(
      String url,
      String branch,
      String authorName,
      String authorEmail,
      List<Target> targets,
      ImageRef pinned,
      String message,
      String promotionUid,
      GitAccess access,
      Instant notBefore) {
    this(
        url,
        branch,
        authorName,
        authorEmail,
        targets,
        pinned,
        message,
        promotionUid,
        access,
        notBefore,
        null);
  }

  /** The same request, checked on the tip it commits on by {@code guard}. */
  public PublishRequest withGuard(TipGuard guard) {
    return new PublishRequest(
        url,
        branch,
        authorName,
        authorEmail,
        targets,
        pinned,
        message,
        promotionUid,
        access,
        notBefore,
        guard);
  }

  /** A request whose promotion's creation time is not known. */
  public PublishRequest(
      String url,
      String branch,
      String authorName,
      String authorEmail,
      List<Target> targets,
      ImageRef pinned,
      String message,
      String promotionUid,
      GitAccess access) {
    this(
        url, branch, authorName, authorEmail, targets, pinned, message, promotionUid, access, null);
  }

  /** A request with anonymous, unsigned access. */
  public PublishRequest(
      String url,
      String branch,
      String authorName,
      String authorEmail,
      List<Target> targets,
      ImageRef pinned,
      String message,
      String promotionUid) {
    this(url, branch, authorName, authorEmail, targets, pinned, message, promotionUid, null, null);
  }

  /** A kustomization's {@code images[]} entry. */
  public static final String KUSTOMIZE = "kustomize";

  /** A Helm values file: a key path to an image map or reference string. */
  public static final String HELM_VALUES = "helm-values";

  /** Plain Kubernetes workloads: every container running the image. */
  public static final String MANIFEST = "manifest";

  /** Any YAML file and a key path. */
  public static final String YAML = "yaml";

  /**
   * Checks the parts that come from the operator itself and copies the target list. The parts that
   * come from the Environment (url, branch, targets) are checked by the publish instead.
   */
  public PublishRequest {
    Objects.requireNonNull(authorName, "authorName");
    Objects.requireNonNull(authorEmail, "authorEmail");
    Objects.requireNonNull(pinned, "pinned");
    Objects.requireNonNull(message, "message");
    targets = targets == null ? List.of() : List.copyOf(targets);
    access = access == null ? GitAccess.ANONYMOUS : access;
    if (pinned.digest() == null) {
      throw new IllegalArgumentException("image to pin has no digest: " + pinned);
    }
  }

  /**
   * One file that pins the image.
   *
   * @param path path relative to the repository root, with {@code /} separators
   * @param format one of {@value #KUSTOMIZE}, {@value #HELM_VALUES}, {@value #MANIFEST}, {@value
   *     #YAML}; others are refused with {@code TargetInvalid}
   * @param imageName the image name as written in the file
   * @param options key path, map keys and selectors; {@link TargetOptions#DEFAULTS} when none
   */
  public record Target(String path, String format, String imageName, TargetOptions options) {
    /** Checks the parts. */
    public Target {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(imageName, "imageName");
      options = options == null ? TargetOptions.DEFAULTS : options;
    }

    /** A target with default options. */
    public Target(String path, String format, String imageName) {
      this(path, format, imageName, TargetOptions.DEFAULTS);
    }

    /** A kustomization file target. */
    public static Target kustomize(String path, String imageName) {
      return new Target(path, KUSTOMIZE, imageName);
    }
  }
}
