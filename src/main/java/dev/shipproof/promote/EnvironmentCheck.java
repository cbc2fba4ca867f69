package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.gitops.TargetEditors;
import java.util.Set;

/**
 * Checks an Environment before any work is done for it, so a spec that can never work is refused in
 * plain words instead of failing somewhere deep inside git or YAML code. The CRD schema catches
 * most of this on a real cluster; this also covers the CLI and schema-less API servers.
 */
final class EnvironmentCheck {
  /** Target formats this release can edit. */
  static final Set<String> FORMATS = TargetEditors.FORMATS;

  private EnvironmentCheck() {}

  /** A sentence saying what is wrong, or {@code null} when the environment can be used. */
  static String problem(EnvironmentSpec env) {
    if (env.getGit() == null || blank(env.getGit().getUrl())) {
      return "spec.git.url is missing";
    }
    if (blank(env.getGit().getBranch())) {
      return "spec.git.branch is empty";
    }
    if (env.getTargets() == null || env.getTargets().isEmpty()) {
      return "spec.targets is empty: nothing says which file pins the image";
    }
    for (int i = 0; i < env.getTargets().size(); i++) {
      TargetSpec t = env.getTargets().get(i);
      String where = "spec.targets[" + i + "]";
      if (t == null || blank(t.getPath()) || blank(t.getImage())) {
        return where + " needs a path and an image";
      }
      if (!FORMATS.contains(t.getFormat())) {
        return where
            + " has format \""
            + t.getFormat()
            + "\"; this release edits "
            + FORMATS.stream().sorted().toList();
      }
      if ("yaml".equals(t.getFormat()) && blank(t.getKey())) {
        return where + " has format \"yaml\" and needs a key path (key) to the image";
      }
    }
    if (env.getPolicy() == null) {
      return "spec.policy is missing";
    }
    return PolicyKeys.problem(env.getPolicy());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
