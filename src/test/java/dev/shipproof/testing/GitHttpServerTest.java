package dev.shipproof.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture itself: auth, the smart HTTP protocol through the CGI, gzip request bodies. */
class GitHttpServerTest {
  @TempDir Path tmp;
  private GitFixture repo;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(GitHttpServer.available(), "git http-backend is not installed");
    repo = GitFixture.kustomizeOverlay(tmp.resolve("srv/deploy.git"), List.of("acme/api"));
  }

  @Test
  void clonesWithTheRightPasswordOnly() throws Exception {
    try (GitHttpServer server = GitHttpServer.withUser(tmp.resolve("srv"), "u", "p")) {
      try (Git clone =
          Git.cloneRepository()
              .setURI(server.url("deploy.git"))
              .setCredentialsProvider(new UsernamePasswordCredentialsProvider("u", "p"))
              .setDirectory(tmp.resolve("ok").toFile())
              .call()) {
        assertThat(clone.getRepository().resolve("HEAD")).isEqualTo(repo.head());
      }
      var wrong =
          Git.cloneRepository()
              .setURI(server.url("deploy.git"))
              .setCredentialsProvider(new UsernamePasswordCredentialsProvider("u", "nope"))
              .setDirectory(tmp.resolve("no").toFile());
      assertThatThrownBy(wrong::call)
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("not authorized");
      assertThat(server.requests()).allMatch(r -> r.endsWith(" u"));
    }
  }

  @Test
  void passesAGzipRequestBodyToHttpBackend() throws Exception {
    try (GitHttpServer server = GitHttpServer.withToken(tmp.resolve("srv"), "tok")) {
      String want = repo.head().name();
      String body = pkt("want " + want + "\n") + "0000" + pkt("done\n");
      var gz = new ByteArrayOutputStream();
      try (var out = new GZIPOutputStream(gz)) {
        out.write(body.getBytes(StandardCharsets.US_ASCII));
      }
      String auth =
          Base64.getEncoder().encodeToString("anyone:tok".getBytes(StandardCharsets.UTF_8));
      HttpResponse<byte[]> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.url("deploy.git/git-upload-pack")))
                      .header("Authorization", "Basic " + auth)
                      .header("Content-Type", "application/x-git-upload-pack-request")
                      .header("Content-Encoding", "gzip")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray()))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/x-git-upload-pack-result");
      String text = new String(response.body(), StandardCharsets.ISO_8859_1);
      // NAK, then the pack for the wanted commit.
      assertThat(text).startsWith("0008NAK\n").contains("PACK");
    }
  }

  private static String pkt(String line) {
    return String.format("%04x", line.length() + 4) + line;
  }
}
