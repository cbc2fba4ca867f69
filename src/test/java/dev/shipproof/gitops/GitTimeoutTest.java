package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A git server that accepts the connection and then says nothing: without a timeout JGit waits for
 * ever, holding the promotion, its branch lock and its repository slot.
 */
class GitTimeoutTest {
  static final String IMAGE = "registry.example.com/payments/api";
  static final String DIGEST = "sha256:" + "1".repeat(64);

  @TempDir Path tmp;
  ServerSocket silent;
  final List<Socket> held = new CopyOnWriteArrayList<>();
  Thread acceptor;

  @BeforeEach
  void startSilentServer() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!silent.isClosed()) {
                try {
                  held.add(silent.accept());
                } catch (IOException closed) {
                  return;
                }
              }
            },
            "silent-git-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws IOException {
    silent.close();
    for (Socket s : held) {
      s.close();
    }
  }

  @Test
  void aServerThatAcceptsAndNeverAnswersEndsThePublishAsAnOutage() {
    String url = "http://127.0.0.1:" + silent.getLocalPort() + "/deploy.git";
    JgitWorkspace ws =
        new JgitWorkspace(
            tmp.resolve("cache"), Clock.systemUTC(), d -> {}, GitTransports.timeout(1));

    GitException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> catchThrowableOfType(GitException.class, () -> ws.publish(request(url))));

    assertThat(e).as("the publish must fail, not hang or succeed").isNotNull();
    assertThat(e.reason()).isEqualTo(Reasons.GIT_UNAVAILABLE);
    assertThat(e.getMessage()).containsIgnoringCase("time out");
    // One connection: after a timeout the server is not asked again whether the branch exists.
    assertThat(held).as("connections to the silent server").hasSize(1);
  }

  @Test
  void everyTransportGetsTheDefaultTimeoutUnlessTheCallerSetsOne() throws Exception {
    try (Git git = Git.init().setDirectory(tmp.resolve("repo").toFile()).call();
        Transport ssh =
            Transport.open(git.getRepository(), new URIish("ssh://git@127.0.0.1:1/repo.git"));
        Transport http =
            Transport.open(git.getRepository(), new URIish("https://127.0.0.1:1/repo.git"))) {
      GitTransports.of(GitAccess.ANONYMOUS, null).configure(ssh);
      GitTransports.of(GitAccess.ANONYMOUS, GitTransports.timeout(7)).configure(http);

      assertThat(ssh.getTimeout()).isEqualTo(GitTransports.DEFAULT_TIMEOUT_SECONDS);
      assertThat(http.getTimeout()).isEqualTo(7);
    }
  }

  private static PublishRequest request(String url) {
    ImageRef pinned = ImageRef.parse(IMAGE + "@" + DIGEST);
    var info = new PromotionInfo("payments", "api-1", "uid-1", "production", pinned, "r", "sig");
    return new PublishRequest(
        url,
        "main",
        "Shipproof",
        "shipproof@example.com",
        List.of(PublishRequest.Target.kustomize("apps/api/kustomization.yaml", IMAGE)),
        pinned,
        CommitMessage.build(info),
        "uid-1");
  }
}
