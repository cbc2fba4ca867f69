package dev.shipproof.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.jboss.logging.Logger;

/**
 * The cached working clones of {@link JgitWorkspace}, one directory per repository and branch, and
 * the fetch that makes a clone exactly the remote branch tip. Callers hold the per-branch lock.
 */
final class WorkingClones {
  private static final Logger LOG = Logger.getLogger(WorkingClones.class);

  private static final Pattern USERINFO = Pattern.compile("(?<=://)[^/@\\s]+@");

  private final Path cacheDir;
  private final TransportConfigCallback transport;

  WorkingClones(Path cacheDir, TransportConfigCallback transport) {
    this.cacheDir = cacheDir;
    this.transport = transport;
  }

  /** Opens the cached clone, or creates an empty one whose first fetch happens in sync. */
  Git open(PublishRequest request, Path dir) throws GitException {
    String where = redact(request.url()) + " (branch " + request.branch() + ")";
    if (Files.isDirectory(dir.resolve(".git"))) {
      try {
        return Git.open(dir.toFile());
      } catch (IOException e) {
        LOG.warnf("cached clone of %s is unusable, starting over: %s", where, e.getMessage());
      }
    }
    try {
      deleteTree(dir);
      Files.createDirectories(dir);
      // init + fetch rather than clone: a clone cannot tell a missing branch from other errors.
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(request.branch()).call();
      StoredConfig config = git.getRepository().getConfig();
      config.setString("remote", "origin", "url", request.url());
      // Byte-exact files: no line-ending conversion by user or system git config.
      config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "autocrlf", false);
      config.save();
      return git;
    } catch (GitAPIException | JGitInternalException | IOException e) {
      deleteQuietly(dir);
      throw failure("creating a clone of " + where + " in " + dir, request.url(), e);
    }
  }

  /** Fetches the branch and makes the work tree exactly its tip; {@code null} if it is gone. */
  ObjectId sync(Git git, PublishRequest request, String where) throws GitException {
    String branch = "refs/heads/" + request.branch();
    String tracking = "refs/remotes/origin/" + request.branch();
    try {
      git.fetch()
          .setRemote("origin")
          .setRefSpecs(new RefSpec("+" + branch + ":" + tracking))
          .setTransportConfigCallback(transport)
          .call();
    } catch (TransportException e) {
      if (!branchExists(git, branch, where, request.url())) {
        return null;
      }
      throw failure("fetching " + where, request.url(), e);
    } catch (GitAPIException | JGitInternalException e) {
      throw failure("fetching " + where, request.url(), e);
    }
    try {
      Repository repo = git.getRepository();
      ObjectId tip = repo.exactRef(tracking).getObjectId();
      // Local commits from an earlier, failed attempt are dropped here, never pushed later.
      repo.updateRef("HEAD").link(branch);
      git.reset().setMode(ResetCommand.ResetType.HARD).setRef(tip.name()).call();
      git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
      return tip;
    } catch (GitAPIException | JGitInternalException | IOException e) {
      throw failure("resetting the clone of " + where + " to the remote tip", request.url(), e);
    }
  }

  /**
   * Asks the remote whether the branch exists; only after a failed fetch, since JGit reports a
   * missing branch and an unreachable remote with the same exception type.
   */
  private boolean branchExists(Git git, String branch, String where, String url)
      throws GitException {
    try {
      return git
          .lsRemote()
          .setRemote("origin")
          .setHeads(true)
          .setTransportConfigCallback(transport)
          .call()
          .stream()
          .anyMatch(ref -> ref.getName().equals(branch));
    } catch (GitAPIException | JGitInternalException e) {
      throw failure("fetching " + where, url, e);
    }
  }

  /** Strips user info (user:token@) from a URL so it can be logged. */
  static String redact(String url) {
    return USERINFO.matcher(url).replaceAll("***@");
  }

  static GitException failure(String attempted, String url, Exception e) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    boolean secret = !redact(url).equals(url);
    // JGit messages quote the URL; with user info in it, keep the redacted text but not the cause.
    return new GitException(
        attempted + ": " + (secret ? redact(detail.replace(url, redact(url))) : detail),
        secret ? null : e,
        !isRemote(e));
  }

  private static boolean isRemote(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TransportException
          || t instanceof InvalidRemoteException
          || t instanceof org.eclipse.jgit.errors.TransportException) {
        return true;
      }
    }
    return false;
  }

  /** The clone directory of a repository and branch. */
  Path dirFor(String url, String branch) {
    return cacheDir.resolve(sha256(url + "\n" + branch));
  }

  private static String sha256(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
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

  static void deleteQuietly(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      LOG.warnf("could not remove partial clone %s: %s", dir, e.getMessage());
    }
  }
}
