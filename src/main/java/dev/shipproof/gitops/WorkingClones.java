package dev.shipproof.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
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
import org.eclipse.jgit.errors.RevWalkException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.jboss.logging.Logger;

/**
 * The cached working clones of {@link JgitWorkspace}, one directory per repository and branch, and
 * the fetch that makes a clone exactly the remote branch tip. {@link #withClone} holds the clone's
 * lock, starts over on a fresh clone when the cached one is damaged, and then evicts clones beyond
 * the {@link CloneCacheLimits}; only clones whose lock is free are ever deleted.
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

  /** The directory name of a clone: 12 bytes of SHA-256 in hex (see {@link #dirFor}). */
  private static final Pattern CLONE_NAME = Pattern.compile("[0-9a-f]{24}");

  private final Path cacheDir;
  private final TransportConfigCallback transport;
  private final Map<Path, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final ReentrantLock evicting = new ReentrantLock();
  private volatile CloneCacheLimits limits = CloneCacheLimits.DEFAULTS;
  private volatile Clock clock = Clock.systemUTC();

  /**
   * Clones whose work tree and index are exactly their HEAD commit, because this process reset them
   * and since then only publishes (whose edits are committed or the clone deleted) used them, with
   * the commit the last sync left them at. A publish may move such a clone by {@link WorkTreeMove}
   * instead of a full reset and clean.
   */
  private final Map<Path, ObjectId> exact = new ConcurrentHashMap<>();

  /**
   * The repositories of recently used clones, kept open between uses (least recently used first):
   * opening a repository reads its pack index afresh, megabytes for a long history, and every
   * publish would pay for it. Each entry holds one reference to its repository and each use another
   * ({@link Repository#incrementOpen}), so a repository dropped from here while in use is closed
   * when that use ends. Bounded by {@link #OPEN_REPOSITORIES} because an open repository keeps its
   * pack index in memory.
   */
  private final LinkedHashMap<Path, Repository> openRepos = new LinkedHashMap<>(16, 0.75f, true);

  /** Clones whose repositories stay open between uses. */
  static final int OPEN_REPOSITORIES = 16;

  WorkingClones(Path cacheDir, TransportConfigCallback transport) {
    this.cacheDir = cacheDir;
    this.transport = transport;
  }

  void limits(CloneCacheLimits limits) {
    this.limits = limits;
  }

  /** The clock of last use and idle time; tests move it. */
  void clock(Clock clock) {
    this.clock = clock;
  }

  /** Work in a clone while holding it, whether it was opened or created. */
  @FunctionalInterface
  interface InClone<T> {
    T run(Git git, String where) throws GitException, IOException;
  }

  /**
   * Runs {@code action} in the clone of a repository and branch while holding its lock. When the
   * clone turns out to be damaged while in use (a missing or truncated object, a ref or lock left
   * by a crash), it is deleted and the action runs once more on a fresh clone: the action must be
   * safe to repeat, as a publish is (it looks for its own commit before writing). Afterwards,
   * clones beyond the cache limits are evicted.
   */
  <T> T withClone(String url, String branch, InClone<T> action) throws GitException {
    String where = GitUrls.redact(url) + " (branch " + branch + ")";
    Path dir = dirFor(url, branch);
    ReentrantLock lock = lockFor(dir);
    lock.lock();
    try {
      for (int round = 1; ; round++) {
        GitException lost;
        try (Git git = open(url, branch, dir)) {
          return action.run(git, where);
        } catch (IOException | JGitInternalException | RevWalkException e) {
          lost = failure("reading the history of " + where, url, e);
        } catch (GitException e) {
          lost = e;
        } finally {
          // After the work, which changes the directory's time on its own.
          touch(dir);
        }
        if (!lost.localClone()) {
          throw lost;
        }
        // A crash can leave index.lock, a bad ref or a half-written pack behind: start over.
        forget(dir);
        deleteQuietly(dir);
        if (round >= 2) {
          throw lost;
        }
        LOG.warnf("cached clone of %s failed (%s); cloning it afresh", where, lost.getMessage());
      }
    } finally {
      lock.unlock();
      evict(dir);
    }
  }

  /** The lock of one clone directory, held while it is used or deleted. */
  ReentrantLock lockFor(Path dir) {
    return locks.computeIfAbsent(dir, k -> new ReentrantLock());
  }

  private void touch(Path dir) {
    try {
      Files.setLastModifiedTime(dir, FileTime.from(clock.instant()));
    } catch (IOException e) {
      LOG.debugf(e, "marking the clone in %s as used", dir);
    }
  }

  /**
   * Deletes clones unused for longer than {@code maxIdle}, then the least recently used beyond
   * {@code maxClones}. A clone whose lock is held (in use) is skipped, and so is {@code justUsed};
   * one eviction runs at a time.
   */
  void evict(Path justUsed) {
    if (!evicting.tryLock()) {
      return;
    }
    try {
      List<Path> clones = clonesByLastUse();
      CloneCacheLimits bounds = limits;
      Instant idleSince = clock.instant().minus(bounds.maxIdle());
      int kept = clones.size();
      for (Path dir : clones) {
        boolean idle = lastUse(dir).isBefore(idleSince);
        if (!idle && kept <= bounds.maxClones()) {
          // Sorted oldest first: every later clone is newer and the cache is within bounds.
          break;
        }
        if (!dir.equals(justUsed) && deleteIfFree(dir)) {
          LOG.debugf("evicted the working clone %s (%s)", dir.getFileName(), idle ? "idle" : "LRU");
          kept--;
        }
      }
    } finally {
      evicting.unlock();
    }
  }

  private List<Path> clonesByLastUse() {
    if (!Files.isDirectory(cacheDir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(cacheDir)) {
      return entries
          .filter(p -> CLONE_NAME.matcher(p.getFileName().toString()).matches())
          .map(p -> Map.entry(p, lastUse(p)))
          .sorted(Map.Entry.comparingByValue())
          .map(Map.Entry::getKey)
          .toList();
    } catch (IOException e) {
      LOG.debugf(e, "listing the clone cache");
      return List.of();
    }
  }

  private static Instant lastUse(Path dir) {
    try {
      return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private boolean deleteIfFree(Path dir) {
    ReentrantLock lock = lockFor(dir);
    if (!lock.tryLock()) {
      return false;
    }
    try {
      forget(dir);
      deleteQuietly(dir);
      return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
    } finally {
      lock.unlock();
    }
  }

  /** Opens the cached clone, or creates an empty one whose first fetch happens in sync. */
  Git open(PublishRequest request, Path dir) throws GitException {
    return open(request.url(), request.branch(), dir);
  }

  /**
   * Opens the cached clone of a repository and branch, or creates an empty one. Closing the
   * returned {@link Git} ends this use; the repository itself may stay open for the next.
   */
  Git open(String url, String branch, Path dir) throws GitException {
    String where = GitUrls.redact(url) + " (branch " + branch + ")";
    Optional<String> damage = CloneHealth.problem(dir);
    if (damage.isEmpty() && Files.isDirectory(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
      Repository repo = null;
      try {
        repo = reuse(dir);
        damage = CloneHealth.problem(repo, url);
        if (damage.isEmpty()) {
          InertClone.apply(repo);
          CloneUpkeep.apply(repo);
          return new Git(repo, true);
        }
      } catch (IOException | RuntimeException e) {
        // JGit throws IllegalArgumentException for a config file it cannot parse.
        damage = Optional.of("it cannot be opened");
        LOG.debugf(e, "opening the cached clone of %s in %s", where, dir);
      }
      if (repo != null) {
        repo.close();
      }
    }
    if (damage.isPresent()) {
      LOG.warnf("cached clone of %s is damaged (%s); cloning it afresh", where, damage.get());
    }
    try {
      forget(dir);
      exact.remove(dir.toAbsolutePath().normalize());
      deleteTree(dir);
      Files.createDirectories(dir);
      // init + fetch rather than clone: a clone cannot tell a missing branch from other errors.
      Repository repo =
          Git.init().setDirectory(dir.toFile()).setInitialBranch(branch).call().getRepository();
      StoredConfig config = repo.getConfig();
      config.setString("remote", "origin", "url", url);
      // Byte-exact files: no line-ending conversion by user or system git config.
      config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "autocrlf", false);
      config.save();
      InertClone.apply(repo);
      CloneUpkeep.apply(repo);
      keep(dir, repo);
      return new Git(repo, true);
    } catch (GitAPIException | JGitInternalException | IOException e) {
      forget(dir);
      deleteQuietly(dir);
      throw failure("creating a clone of " + where, url, e);
    }
  }

  /** The open repository of the clone in {@code dir}, opening it when it is not; one use held. */
  private Repository reuse(Path dir) throws IOException {
    Path key = dir.toAbsolutePath().normalize();
    synchronized (openRepos) {
      Repository kept = openRepos.get(key);
      if (kept != null) {
        kept.incrementOpen();
        return kept;
      }
    }
    Repository repo = Git.open(dir.toFile()).getRepository();
    keep(dir, repo);
    return repo;
  }

  /**
   * Keeps {@code repo}, which holds one reference for its caller, open for later uses of {@code
   * dir}; closes the least recently used beyond the bound.
   */
  private void keep(Path dir, Repository repo) {
    Path key = dir.toAbsolutePath().normalize();
    List<Repository> dropped = new ArrayList<>();
    synchronized (openRepos) {
      repo.incrementOpen();
      Repository before = openRepos.put(key, repo);
      if (before != null && before != repo) {
        dropped.add(before);
      }
      var eldest = openRepos.entrySet().iterator();
      while (openRepos.size() > OPEN_REPOSITORIES && eldest.hasNext()) {
        dropped.add(eldest.next().getValue());
        eldest.remove();
      }
    }
    dropped.forEach(Repository::close);
  }

  /** The clone directories whose repositories are open between uses, for tests. */
  List<Path> openRepositories() {
    synchronized (openRepos) {
      return List.copyOf(openRepos.keySet());
    }
  }

  /** Drops the open repository of {@code dir}, before the clone is deleted. */
  void forget(Path dir) {
    Repository kept;
    synchronized (openRepos) {
      kept = openRepos.remove(dir.toAbsolutePath().normalize());
    }
    if (kept != null) {
      kept.close();
    }
  }

  /** Fetches the branch and makes the work tree exactly its tip; {@code null} if it is gone. */
  ObjectId sync(Git git, PublishRequest request, String where) throws GitException {
    List<String> paths = request.targets().stream().map(PublishRequest.Target::path).toList();
    return sync(git, request.url(), request.branch(), request.access(), where, paths);
  }

  /**
   * Fetches a branch with {@code access} and makes the work tree exactly its tip; {@code null} if
   * it is gone. The caller may change the work tree in any way afterwards.
   */
  ObjectId sync(Git git, String url, String branchName, GitAccess access, String where)
      throws GitException {
    return sync(git, url, branchName, access, where, null);
  }

  private ObjectId sync(
      Git git, String url, String branchName, GitAccess access, String where, List<String> targets)
      throws GitException {
    // Only publishes (which name their targets) keep a clone exact between uses.
    boolean publish = targets != null;
    Path dir = git.getRepository().getWorkTree().toPath().toAbsolutePath().normalize();
    ObjectId leftAt = exact.remove(dir);
    ObjectId tip = fetchTip(git, url, branchName, access, where);
    if (tip == null) {
      return null;
    }
    try {
      Repository repo = git.getRepository();
      // The targets are checked after a move: a file planted or changed in the work tree by
      // anything but this process would survive the move, and is repaired by the full reset.
      if (publish
          && leftAt != null
          && moved(repo, branchName, leftAt, tip, where)
          && intact(repo, tip, targets, where)) {
        exact.put(dir, tip);
        return tip;
      }
      // Local commits from an earlier, failed attempt are dropped here, never pushed later.
      repo.updateRef("HEAD").link("refs/heads/" + branchName);
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

  /**
   * Fetches a branch with {@code access} and returns its tip, {@code null} if it is gone. HEAD, the
   * index and the work tree stay as they are: reading history needs the commits only, and a clone
   * that was exact stays exact for the next publish.
   */
  ObjectId fetchTip(Git git, String url, String branchName, GitAccess access, String where)
      throws GitException {
    String branch = "refs/heads/" + branchName;
    String tracking = "refs/remotes/origin/" + branchName;
    TransportConfigCallback transport = transport(access);
    try {
      BranchFetch.fetch(git.getRepository(), new RefSpec("+" + branch + ":" + tracking), transport);
    } catch (TransportException e) {
      if (SshTransport.reasonOf(e) == null
          && !GitTransports.timedOut(e)
          && !branchExists(git, branch, where, url, transport)) {
        return null;
      }
      throw failure("fetching " + where, url, e);
    } catch (GitAPIException | JGitInternalException e) {
      throw failure("fetching " + where, url, e);
    }
    try {
      Ref ref = git.getRepository().exactRef(tracking);
      if (ref == null || ref.getObjectId() == null) {
        throw new IOException("the fetch left no " + tracking);
      }
      return ref.getObjectId();
    } catch (IOException e) {
      throw failure("reading the fetched tip of " + where, url, e);
    }
  }

  /**
   * Whether the targets in the work tree are exactly the tip's; false also for a target path that
   * cannot be checked (the full reset follows, and the edit refuses the path with its reason).
   */
  private static boolean intact(Repository repo, ObjectId tip, List<String> targets, String where) {
    try {
      return WorkTreeMove.intact(repo, tip, targets);
    } catch (IOException | RuntimeException e) {
      LOG.debugf(e, "checking the targets in the clone of %s failed; resetting it", where);
      return false;
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
  private boolean branchExists(
      Git git, String branch, String where, String url, TransportConfigCallback transport)
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

  /** The settings of one remote operation made with {@code access}; credentials live only here. */
  TransportConfigCallback transport(GitAccess access) throws GitException {
    return GitTransports.of(access, transport);
  }

  /**
   * A {@link GitException} saying what was attempted and, in one plain line, what went wrong. The
   * message carries no credentials, no path inside the cache directory and no Java class name; the
   * full cause is logged at DEBUG. The cause is kept unless the URL holds credentials (JGit
   * messages quote the URL); then neither the cause nor its stack trace is logged, only its
   * messages with every URL redacted. The reason is {@code GitUnauthorized} when the server refused
   * the credentials, {@code GitHostKeyUnknown} when the SSH host key is not trusted.
   */
  GitException failure(String attempted, String url, Exception e) {
    boolean secret = url != null && !GitUrls.redact(url).equals(url);
    if (secret) {
      LOG.debugf("%s failed: %s", attempted, redactedChain(e, url));
    } else {
      LOG.debugf(e, "%s failed", attempted);
    }
    String sshReason = SshTransport.reasonOf(e);
    String reason = sshReason != null ? sshReason : RemoteAnswers.outageReason(e);
    String detail =
        SshTransport.hostKeyRefusal(e).map(m -> clean(m, url)).orElseGet(() -> detail(e, url));
    return new GitException(
        attempted + ": " + detail, secret ? null : e, sshReason == null && !isRemote(e), reason);
  }

  /** Class and cleaned message of each cause, for DEBUG when the URL holds credentials. */
  private String redactedChain(Throwable e, String url) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      out.append(out.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        out.append(": ").append(clean(t.getMessage(), url));
      }
    }
    return out.toString();
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

  private boolean isRemote(Throwable e) {
    if (damagedClone(e)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TransportException
          || t instanceof InvalidRemoteException
          || t instanceof org.eclipse.jgit.errors.TransportException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a failure, even one JGit reports as a transport error (a fetch that cannot list local
   * refs or misses a local object), comes from the working clone: a missing or corrupt object, or a
   * file inside the clone cache.
   */
  private boolean damagedClone(Throwable e) {
    List<String> paths = cachePaths();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jgit.errors.MissingObjectException
          || t instanceof org.eclipse.jgit.errors.CorruptObjectException
          || t instanceof org.eclipse.jgit.errors.PackInvalidException
          || t instanceof org.eclipse.jgit.errors.PackMismatchException
          || t instanceof org.eclipse.jgit.errors.CorruptPackIndexException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && paths.stream().anyMatch(message::contains)) {
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
    // Links are deleted, never followed: a link planted in a clone must not take its target along.
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
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
