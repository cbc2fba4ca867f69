package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathCommitTest {
  private static final PersonIdent WHO =
      new PersonIdent("Shipproof", "shipproof@localhost", Instant.EPOCH, ZoneOffset.UTC);

  @TempDir Path tmp;

  @Test
  void writesTheSameTreeAsAddAndCommitOfTheChangedFiles() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("README.md", "hello\n");
    files.put("apps/api/overlays/production/kustomization.yaml", "images: []\n");
    files.put("apps/api/overlays/staging/kustomization.yaml", "images: []\n");
    files.put("apps/web/values.yaml", "image: x\n");
    Map<String, String> edit =
        Map.of(
            "apps/api/overlays/production/kustomization.yaml", "images:\n- name: a\n",
            "apps/web/values.yaml", "image: y\n");
    try (Git fast = repo("fast", files);
        Git slow = repo("slow", files)) {
      write(fast, edit);
      ObjectId head = fast.getRepository().resolve("HEAD");
      Optional<RevCommit> commit =
          PathCommit.commit(fast.getRepository(), head, edit, WHO, "pin\n");

      write(slow, edit);
      var add = slow.add();
      edit.keySet().forEach(add::addFilepattern);
      add.call();
      RevCommit expected =
          slow.commit().setMessage("pin\n").setAuthor(WHO).setCommitter(WHO).setSign(false).call();

      assertThat(commit).isPresent();
      assertThat(commit.get().getTree().getId()).isEqualTo(expected.getTree().getId());
      assertThat(commit.get().getParent(0).getId()).isEqualTo(head);
      assertThat(fast.getRepository().resolve("HEAD")).isEqualTo(commit.get().getId());
      // The index follows the commit: nothing is left to add or to reset.
      assertThat(fast.status().call().isClean()).isTrue();
    }
  }

  @Test
  void declinesAPathThatIsNotAFileOfTheParentTreeAndMovesNothing() throws Exception {
    try (Git git = repo("decline", Map.of("a/b.yaml", "x: 1\n"))) {
      ObjectId head = git.getRepository().resolve("HEAD");
      Map<String, String> edit = Map.of("a/new.yaml", "x: 2\n");
      write(git, edit);

      assertThat(PathCommit.commit(git.getRepository(), head, edit, WHO, "m\n")).isEmpty();
      assertThat(git.getRepository().resolve("HEAD")).isEqualTo(head);
    }
  }

  private Git repo(String name, Map<String, String> files) throws Exception {
    Git git = Git.init().setDirectory(tmp.resolve(name).toFile()).setInitialBranch("main").call();
    write(git, files);
    git.add().addFilepattern(".").call();
    git.commit().setMessage("init\n").setAuthor(WHO).setCommitter(WHO).setSign(false).call();
    return git;
  }

  private static void write(Git git, Map<String, String> files) throws Exception {
    Path root = git.getRepository().getWorkTree().toPath();
    for (var e : files.entrySet()) {
      Path file = root.resolve(e.getKey());
      Files.createDirectories(file.getParent() == null ? root : file.getParent());
      Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
    }
  }
}
