package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.config.RegistryRouting;
import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.EvidenceFixtures;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link RegistryRouting} compares hosts as {@code ImageRef.canonicalName()} does, without regard
 * to case, for layout routes and for plain-HTTP hosts.
 */
class RegistryRoutingHostCaseTest {

  @Test
  void upperCaseHostIsServedFromTheLayoutConfiguredInLowerCase() throws Exception {
    var sources =
        RegistryRouting.from(
            Map.of("localhost:5000/acme/api", EvidenceFixtures.layout("complete")), List.of());
    ImageRef ref = ImageRef.parse("LOCALHOST:5000/acme/api@" + SINGLE);

    ImageSource source = sources.open(ref, false);

    assertThat(source.fetchManifest(ref).digest()).isEqualTo(SINGLE);
    assertThat(source.collectEvidence(ref)).hasSize(10);
  }

  @Test
  void upperCaseHostConfiguredInsecureIsReachedOverPlainHttp() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Integer> firstByte = firstByteOfOneConnection(server);
      var sources = RegistryRouting.from(Map.of(), List.of("LocalHost:" + server.getLocalPort()));
      ImageRef ref = ImageRef.parse("localhost:" + server.getLocalPort() + "/acme/api@" + SINGLE);

      assertThatThrownBy(() -> sources.open(ref, false).fetchManifest(ref))
          .isInstanceOf(RegistryException.class);

      assertThat((char) firstByte.get(10, TimeUnit.SECONDS).intValue())
          .as("first byte sent: 'G' of GET over plain HTTP, not a TLS handshake record")
          .isEqualTo('G');
    }
  }

  @Test
  void hostNotConfiguredInsecureStillGetsTls() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Integer> firstByte = firstByteOfOneConnection(server);
      var sources = RegistryRouting.from(Map.of(), List.of("localhost:1"));
      ImageRef ref = ImageRef.parse("LOCALHOST:" + server.getLocalPort() + "/acme/api@" + SINGLE);

      assertThatThrownBy(() -> sources.open(ref, false).fetchManifest(ref))
          .isInstanceOf(RegistryException.class);

      assertThat(firstByte.get(10, TimeUnit.SECONDS)).as("TLS handshake record").isEqualTo(0x16);
    }
  }

  /**
   * Reads the first byte of every connection and closes it (the client may retry a closed GET);
   * completes with the first connection's first byte.
   */
  private static CompletableFuture<Integer> firstByteOfOneConnection(ServerSocket server) {
    CompletableFuture<Integer> first = new CompletableFuture<>();
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket socket = server.accept();
                    InputStream in = socket.getInputStream()) {
                  first.complete(in.read());
                } catch (Exception closed) {
                  // The test is over, or the client gave up first.
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    return first;
  }
}
