package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.registry.RegistryException.Kind;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.LayoutPusher;
import dev.shipproof.testing.LayoutPusher.Pushed;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A registry behind htpasswd basic auth. */
class OrasImageSourceAuthTest {
  private static final String USER = "shipper";
  private static final String PASSWORD = "pa55-Word-for-tests";

  private static DockerRegistry registry;
  private static Pushed pushed;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = DockerRegistry.startWithBasicAuth(USER, PASSWORD);
    pushed = LayoutPusher.into(registry).push(EvidenceFixtures.layout("complete"), "acme/api");
  }

  @AfterAll
  static void stopRegistry() {
    registry.stop();
  }

  @Test
  void readsManifestAndEvidenceWithBasicAuth() throws Exception {
    ImageSource source =
        new OrasImageSource(
            RegistryAccess.defaults().withInsecure(true).withBasicAuth(USER, PASSWORD));

    assertThat(source.fetchManifest(pushed.ref(SINGLE)).digest()).isEqualTo(SINGLE);
    assertThat(source.collectEvidence(pushed.ref(SINGLE))).hasSize(10);
  }

  @Test
  void readsWithCredentialsFromDockerConfigJson() throws Exception {
    String auth =
        Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    String config = "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}";
    RegistryAccess access =
        DockerConfigCredentials.apply(
            RegistryAccess.defaults().withInsecure(true), config, registry.host());

    assertThat(new OrasImageSource(access).fetchManifest(pushed.ref(SINGLE)).digest())
        .isEqualTo(SINGLE);
  }

  @Test
  void anonymousAccessIsUnauthorized() {
    ImageSource source = new OrasImageSource(RegistryAccess.defaults().withInsecure(true));

    assertThatThrownBy(() -> source.fetchManifest(pushed.ref(SINGLE)))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
  }

  @Test
  void wrongPasswordIsUnauthorizedWithoutEchoingIt() {
    String wrong = "not-the-Password-42";
    RegistryAccess access = RegistryAccess.defaults().withInsecure(true).withBasicAuth(USER, wrong);
    ImageSource source = new OrasImageSource(access);

    assertThatThrownBy(() -> source.collectEvidence(pushed.ref(SINGLE)))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
        .message()
        .doesNotContain(wrong)
        .contains("credentials");
    assertThat(access.toString()).doesNotContain(wrong).contains(USER);
  }
}
