package dev.shipproof.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A real bare repository over file:// seeded with a kustomize overlay, and ways to read it back.
 */
public final class GitFixture {
  public static final String OVERLAY = "apps/api/overlays/production/kustomization.yaml";

  private final Path bare;

  private GitFixture(Path bare) {
    this.bare = bare;
  }

  /** A bare repo whose overlay has one {@code images:} entry (tagged, not pinned) per name. */
  public static GitFixture kustomizeOverlay(Path bare, List<String> imageNames)
      throws IOException, GitAPIException {
    StringBuilder yaml =
        new StringBuilder(
            "# production overlay\n"
                + "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\n"
                + "resources:\n"
                + "  - ../../base\n"
                + "images:\n");
    for (String name : imageNames) {
      String repo = name.substring(name.indexOf('/') + 1);
      yaml.append("  - name: ").append(name).append('\n');
      yaml.append("    newTag: \"0.9.0\"   # tag of the ").append(repo).append('\n');
    }
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    Path seed = bare.resolveSibling(bare.getFileName() + "-seed");
    GitFixture fixture = new GitFixture(bare);
    try (Git git = Git.cloneRepository().setURI(fixture.url()).setDirectory(seed.toFile()).call()) {
      Path file = seed.resolve(OVERLAY);
      Files.createDirectories(file.getParent());
      Files.writeString(file, yaml.toString(), StandardCharsets.UTF_8);
      git.add().addFilepattern(".").call();
      PersonIdent person = new PersonIdent("Seed", "seed@example.com");
      git.commit().setMessage("seed").setAuthor(person).setCommitter(person).call();
      // A clone of an empty repository may not know the remote's initial branch: name it.
      git.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    }
    return fixture;
  }

  /** Commits a file as a person (no Shipproof trailers) on top of main and pushes it. */
  public RevCommit commitByHand(String path, String text, String message)
      throws IOException, GitAPIException {
    Path work = Files.createTempDirectory(bare.getParent(), "hand-");
    try (Git git = Git.cloneRepository().setURI(url()).setDirectory(work.toFile()).call()) {
      Path file = work.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      git.add().addFilepattern(path).call();
      PersonIdent person = new PersonIdent("On Call", "oncall@example.com");
      RevCommit c = git.commit().setMessage(message).setAuthor(person).setCommitter(person).call();
      git.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
      return c;
    }
  }

  /**
   * A merged pull request: commits {@code message} (touching a file of its own) on a branch from
   * main, a docs change on main, then merges the branch into main and pushes. The branch's commit
   * is the merge's second parent; the first-parent line goes merge, docs, the old tip.
   *
   * @return the branch's commit
   */
  public RevCommit mergeSideCommit(String message) throws IOException, GitAPIException {
    Path work = Files.createTempDirectory(bare.getParent(), "merge-");
    PersonIdent person = new PersonIdent("On Call", "oncall@example.com");
    try (Git git = Git.cloneRepository().setURI(url()).setDirectory(work.toFile()).call()) {
      git.checkout().setCreateBranch(true).setName("side").call();
      Files.writeString(work.resolve("SIDE"), message, StandardCharsets.UTF_8);
      git.add().addFilepattern("SIDE").call();
      RevCommit side =
          git.commit().setMessage(message).setAuthor(person).setCommitter(person).call();
      git.checkout().setName("main").call();
      Files.writeString(work.resolve("DOCS"), "docs", StandardCharsets.UTF_8);
      git.add().addFilepattern("DOCS").call();
      git.commit().setMessage("docs").setAuthor(person).setCommitter(person).call();
      git.merge()
          .include(side)
          .setFastForward(org.eclipse.jgit.api.MergeCommand.FastForwardMode.NO_FF)
          .setMessage("Merge pull request")
          .call();
      git.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
      return side;
    }
  }

  public String url() {
    return bare.toUri().toString();
  }

  /** The tip of main in the bare repository. */
  public RevCommit head() throws IOException {
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(repo.resolve("refs/heads/main"));
    }
  }

  /** A file's text at the tip of main. */
  public String file(String path) throws IOException {
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      RevCommit tip = walk.parseCommit(repo.resolve("refs/heads/main"));
      try (TreeWalk tw = TreeWalk.forPath(repo, path, tip.getTree())) {
        return new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }
}
