package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import java.util.Set;

/** Dispatches an edit to the editor of a target's format. */
public final class TargetEditors {
  /** The formats an environment's targets may use. */
  public static final Set<String> FORMATS =
      Set.of(
          PublishRequest.KUSTOMIZE,
          PublishRequest.HELM_VALUES,
          PublishRequest.MANIFEST,
          PublishRequest.YAML);

  private TargetEditors() {}

  /**
   * Edits {@code text} so {@code target} pins {@code pinned}'s digest.
   *
   * @return the editor's result; an unknown format is refused with {@code TargetInvalid}
   */
  public static EditResult edit(
      String format, String text, PublishRequest.Target target, ImageRef pinned) {
    TargetOptions o = target.options();
    return switch (format) {
      case PublishRequest.KUSTOMIZE -> KustomizeEditor.pin(text, target.imageName(), o, pinned);
      case PublishRequest.HELM_VALUES ->
          HelmValuesEditor.pinValues(text, target.imageName(), o, pinned);
      case PublishRequest.MANIFEST -> ManifestEditor.pin(text, target.imageName(), o, pinned);
      case PublishRequest.YAML -> HelmValuesEditor.pinYaml(text, target.imageName(), o, pinned);
      default ->
          new EditResult.Refused(
              Reasons.TARGET_INVALID,
              "unsupported format "
                  + format
                  + "; use one of "
                  + FORMATS.stream().sorted().toList());
    };
  }
}
