package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.LayoutPusher;
import dev.shipproof.testing.RedirectingFront;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials go only to the registry they belong to: never to the host a blob is redirected to,
 * nor to a token realm that host names.
 */
class OrasImageSourceRedirectAuthTest {
  private static final String USER = "puller";
  private static final String PASSWORD = "only-for-the-Registry-1";
  private static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

  private static DockerRegistry registry;
  private RedirectingFront front;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = DockerRegistry.start();
    LayoutPusher.into(registry).push(EvidenceFixtures.layout("complete"), "acme/api");
  }

  @AfterAll
  static void stopRegistry() {
    registry.stop();
  }

  @BeforeEach
  void startFront() throws Exception {
    front = RedirectingFront.before(registry, BASIC);
  }

  @AfterEach
  void stopFront() {
    front.close();
  }

  @Test
  void blobsRedirectedToAnotherOriginAreFetchedWithoutTheCredentials() throws Exception {
    var evidence = source().collectEvidence(ref());

    ImageSourceExpectations.assertCompleteEvidence(
        evidence, SINGLE, EvidenceFixtures.layout("complete"));
    assertThat(front.storageRequests())
        .isNotEmpty()
        .allSatisfy(request -> assertThat(request).endsWith(" -"));
  }

  @Test
  void aTokenRealmNamedByTheRedirectTargetNeverSeesTheCredentials() throws Exception {
    front.challenging(true);

    try {
      source().collectEvidence(ref());
    } catch (RegistryException e) {
      // Whether the read succeeds is not the point; where the credentials went is.
    }

    assertThat(front.storageRequests())
        .isNotEmpty()
        .noneMatch(request -> request.contains(BASIC))
        .noneMatch(request -> request.contains(PASSWORD));
  }

  @Test
  void aTokenRegistryIsAskedForItsTokenAtItsOwnRealmOnlyAndTheStorageSeesNeither()
      throws Exception {
    front.withTokenAuth(true);

    var evidence = source().collectEvidence(ref());

    ImageSourceExpectations.assertCompleteEvidence(
        evidence, SINGLE, EvidenceFixtures.layout("complete"));
    assertThat(front.frontTokenRequests()).isNotEmpty().allMatch(BASIC::equals);
    assertThat(front.storageRequests())
        .isNotEmpty()
        .allSatisfy(request -> assertThat(request).endsWith(" -"));
  }

  @Test
  void aTokenRealmThatRefusesTheCredentialsIsUnauthorized() {
    front.withTokenAuth(true);
    ImageSource wrong =
        new OrasImageSource(
            RegistryAccess.defaults().withInsecure(true).withBasicAuth(USER, "not-it"));

    assertThatThrownBy(() -> wrong.fetchManifest(ref()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNAUTHORIZED))
        .message()
        .doesNotContain("not-it");
  }

  private ImageSource source() {
    return new OrasImageSource(
        RegistryAccess.defaults().withInsecure(true).withBasicAuth(USER, PASSWORD));
  }

  private ImageRef ref() {
    return ImageRef.parse(front.host() + "/acme/api@" + SINGLE);
  }
}
