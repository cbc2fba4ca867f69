package dev.shipproof.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.RevWalkException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.jboss.logging.Logger;

/**
 * {@link GitHistory} on JGit: one cached bare repository per URL and branch under a cache directory
 * (apart from {@link JgitWorkspace}'s working clones, so reading an upstream never waits for a push
 * to it), fetched before each {@link #read}.
 */
public final class JgitHistory implements GitHistory {
  private static final Logger LOG = Logger.getLogger(JgitHistory.class);

  private final Path cacheDir;
  private final TransportConfigCallback transport;
  private final WorkingClones messages;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /**
   * @param cacheDir where the bare repositories live; created when first needed
   * @param transport configures each fetch (credentials, SSH); may be {@code null}
   */
  public JgitHistory(Path cacheDir, TransportConfigCallback transport) {
    this.cacheDir = cacheDir;
    this.transport = transport == null ? t -> {} : transport;
    this.messages = new WorkingClones(cacheDir, this.transport);
  }

  /** A reader with the default transport settings ({@link GitTransports#of}). */
  public JgitHistory(Path cacheDir) {
    this(cacheDir, null);
  }

  @Override
  public List<HistoryCommit> read(String url, String branch, GitAccess access, int depth)
      throws GitException {
    String where = where(url, branch);
    ReentrantLock lock = locks.computeIfAbsent(url + "\n" + branch, k -> new ReentrantLock());
    lock.lock();
    try (Repository repo = open(url, branch, where)) {
      ObjectId tip = fetch(repo, url, branch, GitTransports.of(access, transport), where);
      if (tip == null) {
        return List.of();
      }
      List<HistoryCommit> out = new ArrayList<>();
      try (RevWalk walk = new RevWalk(repo)) {
        // Every parent: a landing, or the rollback that took it away, may have reached the branch
        // as a merge's second parent; read first-parent only, the gate missed the rollback and
        // passed a digest the upstream had moved away from.
        walk.markStart(walk.parseCommit(tip));
        for (RevCommit c : NewestFirst.read(walk, depth).commits()) {
          out.add(toCommit(c));
        }
      }
      LOG.debugf("read %d commits of %s", out.size(), where);
      return out;
    } catch (IOException | JGitInternalException | RevWalkException e) {
      throw messages.failure("reading the history of " + where, url, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<HistoryCommit> onBranch(String url, String branch, String sha)
      throws GitException {
    String where = where(url, branch);
    ObjectId wanted;
    try {
      wanted = ObjectId.fromString(sha);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    ReentrantLock lock = locks.computeIfAbsent(url + "\n" + branch, k -> new ReentrantLock());
    lock.lock();
    try (Repository repo = open(url, branch, where)) {
      Ref ref = repo.exactRef("refs/heads/" + branch);
      if (ref == null || !repo.getObjectDatabase().has(wanted)) {
        return Optional.empty();
      }
      try (RevWalk walk = new RevWalk(repo)) {
        RevCommit commit = walk.parseCommit(wanted);
        if (!walk.isMergedInto(commit, walk.parseCommit(ref.getObjectId()))) {
          return Optional.empty();
        }
        walk.parseBody(commit);
        return Optional.of(toCommit(commit));
      } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException notACommit) {
        return Optional.empty();
      }
    } catch (IOException | JGitInternalException | RevWalkException e) {
      throw messages.failure("reading the history of " + where, url, e);
    } finally {
      lock.unlock();
    }
  }

  private static HistoryCommit toCommit(RevCommit c) {
    List<String> parents = new ArrayList<>();
    for (RevCommit p : c.getParents()) {
      parents.add(p.name());
    }
    return new HistoryCommit(
        c.name(),
        c.getCommitterIdent().getWhenAsInstant(),
        parents,
        CommitMessage.trailers(c.getFullMessage()));
  }

  private Repository open(String url, String branch, String where) throws GitException {
    Optional<String> problem = GitUrls.problem(url);
    if (problem.isPresent()) {
      throw new GitException("reading the history of " + where + ": " + problem.get(), null);
    }
    Path dir = cacheDir.resolve("history").resolve(key(url + "\n" + branch));
    try {
      if (Files.isDirectory(dir.resolve("objects"))) {
        Repository repo = Git.open(dir.toFile()).getRepository();
        try {
          CloneUpkeep.apply(repo);
        } catch (IOException e) {
          repo.close();
          throw e;
        }
        return repo;
      }
      Files.createDirectories(dir);
      Git git = Git.init().setBare(true).setDirectory(dir.toFile()).call();
      StoredConfig config = git.getRepository().getConfig();
      config.setString("remote", "origin", "url", url);
      config.save();
      CloneUpkeep.apply(git.getRepository());
      return git.getRepository();
    } catch (GitAPIException | JGitInternalException | IOException e) {
      WorkingClones.deleteQuietly(dir);
      throw messages.failure("creating a history cache of " + where, url, e);
    }
  }

  /** Fetches the branch into the bare cache; {@code null} when the remote has no such branch. */
  private ObjectId fetch(
      Repository repo, String url, String branch, TransportConfigCallback transport, String where)
      throws GitException {
    String ref = "refs/heads/" + branch;
    try (Git git = new Git(repo)) {
      try {
        BranchFetch.fetch(repo, new RefSpec("+" + ref + ":" + ref), transport);
      } catch (TransportException e) {
        if (GitTransports.timedOut(e)) {
          throw e;
        }
        boolean exists =
            git
                .lsRemote()
                .setRemote("origin")
                .setHeads(true)
                .setTransportConfigCallback(transport)
                .call()
                .stream()
                .anyMatch(r -> r.getName().equals(ref));
        if (!exists) {
          return null;
        }
        throw e;
      }
      Ref tip = repo.exactRef(ref);
      return tip == null ? null : tip.getObjectId();
    } catch (GitAPIException | JGitInternalException | IOException e) {
      throw messages.failure("fetching " + where, url, e);
    }
  }

  private static String where(String url, String branch) {
    return GitUrls.redact(url) + " (branch " + branch + ")";
  }

  private static String key(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }
}
