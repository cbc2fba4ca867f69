package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.RegistryException.Kind;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.LayoutPusher;
import dev.shipproof.testing.LayoutPusher.Pushed;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registry down, back, or stalled: retryable failures, then success. */
class OrasImageSourceOutageTest {
  private static DockerRegistry registry;
  private static Pushed pushed;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = DockerRegistry.start();
    pushed = LayoutPusher.into(registry).push(EvidenceFixtures.layout("complete"), "acme/api");
  }

  @AfterAll
  static void stopRegistry() {
    registry.stop();
  }

  @Test
  void isUnavailableWhileRegistryIsDownAndSucceedsAfterRestart() throws Exception {
    ImageSource source = new OrasImageSource(RegistryAccess.defaults().withInsecure(true));
    registry.stopTemporarily();
    assertThat(registry.running()).isFalse();
    try {
      assertThatThrownBy(() -> source.fetchManifest(pushed.ref(SINGLE)))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                assertThat(e.retryable()).isTrue();
              })
          .hasMessageContaining("connection refused")
          .hasMessageContaining(registry.host());
      assertThatThrownBy(() -> source.collectEvidence(pushed.ref(SINGLE)))
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
    } finally {
      registry.restart();
    }
    assertThat(registry.running()).isTrue();

    assertThat(source.fetchManifest(pushed.ref(SINGLE)).digest()).isEqualTo(SINGLE);
    assertThat(source.collectEvidence(pushed.ref(SINGLE))).hasSize(10);
  }

  @Test
  void isUnavailableWhenRegistryStallsPastTheRequestTimeout() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (Exception closed) {
                  // The test is over.
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      ImageSource source =
          new OrasImageSource(
              RegistryAccess.defaults()
                  .withInsecure(true)
                  .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500)));
      ImageRef ref = ImageRef.parse("127.0.0.1:" + silent.getLocalPort() + "/acme/api@" + SINGLE);

      long start = System.nanoTime();
      assertThatThrownBy(() -> source.fetchManifest(ref))
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
          .hasMessage("registry 127.0.0.1:" + silent.getLocalPort() + " timed out after 500 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void serverThatSpeaksAnotherProtocolDidNotAnswerHttpAndItsBannerStaysOut() throws Exception {
    byte[] banner = "SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII);
    try (ServerSocket server = serve(socket -> socket.getOutputStream().write(banner))) {
      String host = "127.0.0.1:" + server.getLocalPort();

      assertPlainOutage(
          () -> plainHttp().fetchManifest(ref(host)), "registry " + host + " did not answer HTTP");
      assertPlainOutage(
          () -> plainHttp().collectEvidence(ref(host)),
          "registry " + host + " did not answer HTTP");
    }
  }

  @Test
  void serverThatAcceptsAndClosesClosedTheConnection() throws Exception {
    try (ServerSocket server = serve(socket -> {})) {
      String host = "127.0.0.1:" + server.getLocalPort();

      assertPlainOutage(
          () -> plainHttp().fetchManifest(ref(host)),
          "registry " + host + " closed the connection");
    }
  }

  @Test
  void tlsToAPlainServerSaysSoWithoutTheTlsLibrarysWords() throws Exception {
    try (ServerSocket server = serve(socket -> {})) {
      String host = "127.0.0.1:" + server.getLocalPort();
      ImageSource tls =
          new OrasImageSource(
              RegistryAccess.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));

      assertThatThrownBy(() -> tls.fetchManifest(ref(host)))
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
          .hasMessage(
              "TLS with registry "
                  + host
                  + " failed; a plain-HTTP registry must be marked insecure");
    }
  }

  private static void assertPlainOutage(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String sentence) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
              assertThat(e.getCause()).isNull();
            })
        .hasMessage(sentence)
        .hasMessageNotContaining("SSH")
        .hasMessageNotContaining("Exception");
  }

  private static ImageSource plainHttp() {
    return new OrasImageSource(
        RegistryAccess.defaults()
            .withInsecure(true)
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
  }

  private static ImageRef ref(String host) {
    return ImageRef.parse(host + "/acme/api@" + SINGLE);
  }

  /** What a loopback test server does with each connection before closing it. */
  @FunctionalInterface
  private interface Conversation {
    void talk(Socket socket) throws Exception;
  }

  /** A server on 127.0.0.1 that runs {@code conversation} on each connection, then closes it. */
  private static ServerSocket serve(Conversation conversation) throws Exception {
    ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                  conversation.talk(socket);
                  socket.getOutputStream().flush();
                } catch (Exception closed) {
                  // The server was closed, or the client went away first.
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }
}
