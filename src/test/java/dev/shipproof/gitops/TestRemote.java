package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;

/** A bare "remote" repository in a temp dir, and a second clone that commits to it. */
final class TestRemote implements AutoCloseable {
  static final String BRANCH = "main";

  final Path bare;
  final String url;
  private final Git bareGit;
  private final Git seed;

  private TestRemote(Path bare, Git bareGit, Git seed) {
    this.bare = bare;
    this.url = bare.toUri().toString();
    this.bareGit = bareGit;
    this.seed = seed;
  }

  static TestRemote create(Path dir, Map<String, String> files) throws Exception {
    Path bare = dir.resolve("remote.git");
    Git bareGit =
        Git.init().setBare(true).setInitialBranch(BRANCH).setDirectory(bare.toFile()).call();
    Git seed =
        Git.cloneRepository()
            .setURI(bare.toUri().toString())
            .setDirectory(dir.resolve("seed").toFile())
            .call();
    TestRemote remote = new TestRemote(bare, bareGit, seed);
    remote.commit(files, "seed overlay");
    return remote;
  }

  /** Commits files (UTF-8, byte-exact) as someone else and pushes them to the remote. */
  RevCommit commit(Map<String, String> files, String message) throws Exception {
    Repository repo = seed.getRepository();
    if (repo.exactRef("refs/remotes/origin/" + BRANCH) != null) {
      seed.fetch().call();
      seed.reset()
          .setMode(ResetCommand.ResetType.HARD)
          .setRef("refs/remotes/origin/" + BRANCH)
          .call();
    }
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path path = repo.getWorkTree().toPath().resolve(f.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, f.getValue().getBytes(StandardCharsets.UTF_8));
      seed.add().addFilepattern(f.getKey()).call();
    }
    return commitAndPush(message);
  }

  /**
   * Commits files on the parent of the remote tip, then merges the tip into that commit (as a
   * {@code git pull} from a stale clone does) and pushes: the old tip becomes the second parent.
   */
  RevCommit commitBesideTipAndMerge(Map<String, String> files, String message) throws Exception {
    seed.fetch().call();
    String tracking = "refs/remotes/origin/" + BRANCH;
    seed.reset().setMode(ResetCommand.ResetType.HARD).setRef(tracking + "~1").call();
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path path = seed.getRepository().getWorkTree().toPath().resolve(f.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, f.getValue().getBytes(StandardCharsets.UTF_8));
      seed.add().addFilepattern(f.getKey()).call();
    }
    var other = new PersonIdent("Someone Else", "else@example.com");
    seed.commit().setMessage(message).setAuthor(other).setCommitter(other).setSign(false).call();
    var merged =
        seed.merge()
            .include(seed.getRepository().resolve(tracking))
            .setFastForward(MergeCommand.FastForwardMode.NO_FF)
            .setMessage("Merge remote-tracking branch origin/" + BRANCH)
            .call();
    assertThat(merged.getMergeStatus().isSuccessful()).isTrue();
    for (PushResult r : seed.push().setRefSpecs(new RefSpec("HEAD:refs/heads/" + BRANCH)).call()) {
      for (RemoteRefUpdate u : r.getRemoteUpdates()) {
        assertThat(u.getStatus()).isEqualTo(RemoteRefUpdate.Status.OK);
      }
    }
    try (RevWalk walk = new RevWalk(seed.getRepository())) {
      return walk.parseCommit(merged.getNewHead());
    }
  }

  /** Commits a symlink at {@code path} pointing to {@code target}. */
  RevCommit commitSymlink(String path, Path target) throws Exception {
    Path link = seed.getRepository().getWorkTree().toPath().resolve(path);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, target);
    seed.add().addFilepattern(path).call();
    return commitAndPush("add link " + path);
  }

  private RevCommit commitAndPush(String message) throws Exception {
    var other = new PersonIdent("Someone Else", "else@example.com");
    RevCommit commit =
        seed.commit()
            .setMessage(message)
            .setAuthor(other)
            .setCommitter(other)
            .setSign(false)
            .call();
    for (PushResult r : seed.push().setRefSpecs(new RefSpec("HEAD:refs/heads/" + BRANCH)).call()) {
      for (RemoteRefUpdate u : r.getRemoteUpdates()) {
        assertThat(u.getStatus()).isEqualTo(RemoteRefUpdate.Status.OK);
      }
    }
    return commit;
  }

  ObjectId tip() throws IOException {
    return bareGit.getRepository().resolve("refs/heads/" + BRANCH);
  }

  /** The bytes of a file at the remote branch tip, decoded as UTF-8. */
  String read(String path) throws IOException {
    Repository repo = bareGit.getRepository();
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit tip = walk.parseCommit(tip());
      try (TreeWalk tree = TreeWalk.forPath(repo, path, tip.getTree())) {
        assertThat(tree).as("file %s at remote tip", path).isNotNull();
        return new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  /** First-parent history of the remote branch, newest first. */
  List<RevCommit> log() throws Exception {
    List<RevCommit> out = new ArrayList<>();
    for (RevCommit c : bareGit.log().add(tip()).call()) {
      out.add(c);
    }
    return out;
  }

  @Override
  public void close() {
    seed.close();
    bareGit.close();
  }
}
