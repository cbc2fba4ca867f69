package dev.shipproof.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
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

  // Fully qualified (java.io.IOException) or compound (LockFailedException) class names.
  private static final Pattern CLASS_NAME =
      Pattern.compile(
          "\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b:?\\s*"
              + "|\\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*(?:Exception|Error)\\b:?\\s*");

  private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s,;]+");

  /** JGit's wrapper texts, which say nothing the attempted action does not already say. */
  private static final Pattern GENERIC =
      Pattern.compile(
          "(?i)exception caught during execution of \\S+ command\\.?\\s*|invalid remote: origin");

  private final Path cacheDir;
  private final TransportConfigCallback transport;

  /**
   * Clones whose work tree and index are exactly their HEAD commit, because this process reset them
   * and since then only publishes (whose edits are committed or the clone deleted) used them, with
   * the commit the last sync left them at. A publish may move such a clone by {@link WorkTreeMove}
   * instead of a full reset and clean.
   */
  private final Map<Path, ObjectId> exact = new ConcurrentHashMap<>();

  WorkingClones(Path cacheDir, TransportConfigCallback transport) {
    this.cacheDir = cacheDir;
    this.transport = transport;
  }

  /** Opens the cached clone, or creates an empty one whose first fetch happens in sync. */
  Git open(PublishRequest request, Path dir) throws GitException {
    return open(request.url(), request.branch(), dir);
  }

  /** Opens the cached clone of a repository and branch, or creates an empty one. */
  Git open(String url, String branch, Path dir) throws GitException {
    String where = GitUrls.redact(url) + " (branch " + branch + ")";
    if (Files.isDirectory(dir.resolve(".git"))) {
      try {
        return Git.open(dir.toFile());
      } catch (IOException e) {
        LOG.warnf("cached clone of %s is unusable, starting over", where);
        LOG.debugf(e, "opening the cached clone of %s in %s", where, dir);
      }
    }
    try {
      exact.remove(dir.toAbsolutePath().normalize());
      deleteTree(dir);
      Files.createDirectories(dir);
      // init + fetch rather than clone: a clone cannot tell a missing branch from other errors.
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(branch).call();
      StoredConfig config = git.getRepository().getConfig();
      config.setString("remote", "origin", "url", url);
      // Byte-exact files: no line-ending conversion by user or system git config.
      config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "autocrlf", false);
      config.save();
      return git;
    } catch (GitAPIException | JGitInternalException | IOException e) {
      deleteQuietly(dir);
      throw failure("creating a clone of " + where, url, e);
    }
  }

  /** Fetches the branch and makes the work tree exactly its tip; {@code null} if it is gone. */
  ObjectId sync(Git git, PublishRequest request, String where) throws GitException {
    return sync(git, request.url(), request.branch(), where, true);
  }

  /**
   * Fetches a branch and makes the work tree exactly its tip; {@code null} if it is gone. The
   * caller may change the work tree in any way afterwards.
   */
  ObjectId sync(Git git, String url, String branchName, String where) throws GitException {
    return sync(git, url, branchName, where, false);
  }

  private ObjectId sync(Git git, String url, String branchName, String where, boolean publish)
      throws GitException {
    Path dir = git.getRepository().getWorkTree().toPath().toAbsolutePath().normalize();
    ObjectId leftAt = exact.remove(dir);
    String branch = "refs/heads/" + branchName;
    String tracking = "refs/remotes/origin/" + branchName;
    try {
      git.fetch()
          .setRemote("origin")
          .setRefSpecs(new RefSpec("+" + branch + ":" + tracking))
          .setTransportConfigCallback(transport)
          .call();
    } catch (TransportException e) {
      if (!branchExists(git, branch, where, url)) {
        return null;
      }
      throw failure("fetching " + where, url, e);
    } catch (GitAPIException | JGitInternalException e) {
      throw failure("fetching " + where, url, e);
    }
    try {
      Repository repo = git.getRepository();
      ObjectId tip = repo.exactRef(tracking).getObjectId();
      if (publish && leftAt != null && moved(repo, branchName, leftAt, tip, where)) {
        exact.put(dir, tip);
        return tip;
      }
      // Local commits from an earlier, failed attempt are dropped here, never pushed later.
      repo.updateRef("HEAD").link(branch);
      git.reset().setMode(ResetCommand.ResetType.HARD).setRef(tip.name()).call();
      git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
      if (publish) {
        exact.put(dir, tip);
      }
      return tip;
    } catch (GitAPIException | JGitInternalException | IOException e) {
      throw failure("resetting the clone of " + where + " to the remote tip", url, e);
    }
  }

  /** Moves an exact clone to the tip by its differing files only; false when it cannot. */
  private static boolean moved(
      Repository repo, String branchName, ObjectId leftAt, ObjectId tip, String where) {
    try {
      return WorkTreeMove.move(repo, branchName, leftAt, tip);
    } catch (IOException | RuntimeException e) {
      // The full reset that follows repairs whatever the move left half done.
      LOG.debugf(e, "moving the clone of %s by its changed files failed; resetting it", where);
      return false;
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

  /**
   * A {@link GitException} saying what was attempted and, in one plain line, what went wrong. The
   * message carries no credentials, no path inside the cache directory and no Java class name; the
   * full cause is logged at DEBUG. The cause is kept unless the URL holds credentials (JGit
   * messages quote the URL).
   */
  GitException failure(String attempted, String url, Exception e) {
    LOG.debugf(e, "%s failed", attempted);
    boolean secret = !GitUrls.redact(url).equals(url);
    String detail = detail(e, url);
    return new GitException(attempted + ": " + detail, secret ? null : e, !isRemote(e));
  }

  /** The first specific message along the cause chain, cleaned for people to read. */
  String detail(Throwable e, String url) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FileSystemException fs) {
        return clean(fileProblem(fs), url);
      }
      String message = t.getMessage();
      if (message == null || message.isBlank() || GENERIC.matcher(message.strip()).matches()) {
        // Nothing of its own: the cause says what happened.
        continue;
      }
      if (t.getCause() != null && message.equals(t.getCause().toString())) {
        // Wrappers built as new X(cause) repeat the cause with its class name: use the cause.
        continue;
      }
      String cleaned = clean(message, url);
      if (!cleaned.isEmpty()) {
        return cleaned;
      }
    }
    return "no further detail (the operator log has it at DEBUG)";
  }

  private static String fileProblem(FileSystemException fs) {
    String what;
    if (fs instanceof AccessDeniedException) {
      what = "permission denied";
    } else if (fs instanceof NoSuchFileException) {
      what = "no such file or directory";
    } else if (fs instanceof FileAlreadyExistsException) {
      what = "a file is in the way";
    } else if (fs instanceof DirectoryNotEmptyException) {
      what = "directory not empty";
    } else {
      what = fs.getReason() == null ? "file system error" : fs.getReason();
    }
    return fs.getFile() == null ? what : what + ": " + fs.getFile();
  }

  private String clean(String message, String url) {
    String text = message;
    if (url != null && !url.isEmpty()) {
      text = text.replace(url, GitUrls.redact(url));
    }
    // JGit may print the URL in its own form (URIish), so redact every URL in the text.
    text = URL.matcher(text).replaceAll(m -> Matcher.quoteReplacement(GitUrls.redact(m.group())));
    text = GENERIC.matcher(text).replaceAll("");
    for (String dir : cachePaths()) {
      text = text.replace(dir + "/", "<clone cache>/").replace(dir, "<clone cache>");
    }
    text = text.replaceAll("<clone cache>/[0-9a-f]{24}", "<working clone>");
    text = CLASS_NAME.matcher(text).replaceAll("");
    return CommitMessage.oneLine(text).replaceAll("^-$", "");
  }

  private List<String> cachePaths() {
    List<String> paths = new ArrayList<>();
    Path absolute = cacheDir.toAbsolutePath().normalize();
    try {
      paths.add(absolute.toRealPath().toString());
    } catch (IOException e) {
      // Not created yet: only the configured form can appear in a message.
    }
    paths.add(absolute.toString());
    paths.add(cacheDir.toString());
    // Longest first, so a path is replaced whole before any prefix of it.
    paths.sort(Comparator.comparingInt(String::length).reversed());
    return paths;
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
      LOG.warnf("could not remove a partial working clone: %s", e.getMessage());
    }
  }
}
