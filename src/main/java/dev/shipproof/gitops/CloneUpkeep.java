package dev.shipproof.gitops;

import java.io.IOException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * How a working clone keeps its object store small. Every fetch into a clone leaves one small pack
 * behind, and JGit then repacks the clone in the background once it holds more than {@code
 * gc.autoPackLimit} packs, so a long-lived clone stays at a few packs instead of one per promotion.
 * That repack is the expensive part of a clone's upkeep; a clone only ever reads its objects and
 * never serves them, so the reachability bitmaps a repack writes by default (for serving fetches)
 * are never used and are not built.
 */
final class CloneUpkeep {
  private CloneUpkeep() {}

  /** Sets the clone's repack settings; idempotent, and saves the config only when it changes. */
  static void apply(Repository repo) throws IOException {
    StoredConfig config = repo.getConfig();
    String section = ConfigConstants.CONFIG_PACK_SECTION;
    String key = ConfigConstants.CONFIG_KEY_BUILD_BITMAPS;
    if (config.getBoolean(section, key, true)) {
      config.setBoolean(section, null, key, false);
      config.save();
    }
  }
}
