package dev.shipproof.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * Makes a working clone run nothing and convert nothing, whatever the repository or the host's git
 * config asks for. A repository's {@code .gitattributes} can name a filter driver ({@code
 * filter=lfs}, {@code filter=anything}) that the host's user or system config defines as a command
 * (git-lfs installs one globally), and a host config can name a hooks directory; JGit would run
 * those commands on checkout, add, commit and push. {@code $GIT_DIR/info/attributes} outranks every
 * {@code .gitattributes}, and the clone's own {@code core.hooksPath} outranks the host's.
 */
final class InertClone {
  /** No filter, no line-ending or encoding conversion, no keyword expansion, for every path. */
  static final String ATTRIBUTES = "* -filter -text -eol -ident -working-tree-encoding\n";

  private InertClone() {}

  /** Writes the attributes and points hooks at an empty directory; idempotent. */
  static void apply(Repository repo) throws IOException {
    Path gitDir = repo.getDirectory().toPath();
    Path info = Files.createDirectories(gitDir.resolve("info"));
    Path attributes = info.resolve("attributes");
    if (!Files.exists(attributes)
        || !Files.readString(attributes, StandardCharsets.UTF_8).equals(ATTRIBUTES)) {
      Files.writeString(attributes, ATTRIBUTES, StandardCharsets.UTF_8);
    }
    Path noHooks = Files.createDirectories(gitDir.resolve("no-hooks"));
    StoredConfig config = repo.getConfig();
    String wanted = noHooks.toString();
    if (!wanted.equals(config.getString(ConfigConstants.CONFIG_CORE_SECTION, null, "hooksPath"))) {
      config.setString(ConfigConstants.CONFIG_CORE_SECTION, null, "hooksPath", wanted);
      config.save();
    }
  }
}
