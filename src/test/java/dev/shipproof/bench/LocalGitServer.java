package dev.shipproof.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.TransportConfigCallback;

/**
 * Who answers a {@code file://} fetch or push of {@link dev.shipproof.gitops.JgitWorkspace} in the
 * benches. By default JGit serves {@code file://} itself, inside the calling JVM: it opens the bare
 * repository afresh for every fetch and push, reads its pack index and, for a repository with
 * reachability bitmaps, computes a reverse index each time, all on the client's CPU. The git CLI's
 * fetch and push instead run git's own {@code upload-pack} and {@code receive-pack} as separate
 * processes. {@link #gitServes()} makes JGit run those same programs, so both clients are measured
 * against the same server, as they would be against a real one over https or ssh.
 */
final class LocalGitServer {
  private LocalGitServer() {}

  /** Runs git's {@code upload-pack}/{@code receive-pack} for every {@code file://} remote. */
  static TransportConfigCallback gitServes() throws Exception {
    Path exec = Path.of(execPath());
    String upload = exec.resolve("git-upload-pack").toString();
    String receive = exec.resolve("git-receive-pack").toString();
    if (!Files.isExecutable(Path.of(upload)) || !Files.isExecutable(Path.of(receive))) {
      throw new IllegalStateException("git-upload-pack or git-receive-pack missing in " + exec);
    }
    return transport -> {
      if ("file".equals(transport.getURI().getScheme())) {
        // Any value but JGit's default program names makes TransportLocal run the program.
        transport.setOptionUploadPack(upload);
        transport.setOptionReceivePack(receive);
      }
    };
  }

  private static String execPath() throws Exception {
    Process p = new ProcessBuilder("git", "--exec-path").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || out.isEmpty()) {
      throw new IllegalStateException("git --exec-path failed: " + out);
    }
    return out;
  }
}
