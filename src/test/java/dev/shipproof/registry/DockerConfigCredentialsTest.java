package dev.shipproof.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DockerConfigCredentialsTest {
  private static final RegistryAccess BASE = RegistryAccess.defaults();

  @Test
  void readsBase64AuthForTheHost() {
    String auth = Base64.getEncoder().encodeToString("bot:pa:ss".getBytes(StandardCharsets.UTF_8));
    String config = "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + auth + "\"}}}";

    RegistryAccess access = DockerConfigCredentials.apply(BASE, config, "registry.example.com");

    assertThat(access.username()).isEqualTo("bot");
    assertThat(access.password()).isEqualTo("pa:ss");
    assertThat(access.insecure()).isFalse();
  }

  @Test
  void readsUsernameAndPasswordFieldsUnderAnHttpsKey() {
    String config =
        "{\"auths\":{\"https://localhost:5000\":{\"username\":\"u\",\"password\":\"p\"}}}";

    RegistryAccess access = DockerConfigCredentials.apply(BASE, config, "localhost:5000");

    assertThat(access.username()).isEqualTo("u");
    assertThat(access.password()).isEqualTo("p");
  }

  @Test
  void findsDockerHubUnderItsLegacyKey() {
    String auth = Base64.getEncoder().encodeToString("hub:tok".getBytes(StandardCharsets.UTF_8));
    String config = "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth + "\"}}}";

    assertThat(DockerConfigCredentials.apply(BASE, config, "docker.io").username())
        .isEqualTo("hub");
  }

  @Test
  void leavesAccessAnonymousForOtherHosts() {
    String config = "{\"auths\":{\"other.example.com\":{\"username\":\"u\",\"password\":\"p\"}}}";

    assertThat(DockerConfigCredentials.apply(BASE, config, "registry.example.com")).isEqualTo(BASE);
  }

  @Test
  void refusesMalformedEntryWithoutQuotingIt() {
    String config = "{\"auths\":{\"registry.example.com\":{\"auth\":\"c2VjcmV0LW5vLWNvbG9u\"}}}";

    assertThatThrownBy(() -> DockerConfigCredentials.apply(BASE, config, "registry.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user:password")
        .message()
        .doesNotContain("secret")
        .doesNotContain("c2VjcmV0");
    assertThatThrownBy(() -> DockerConfigCredentials.apply(BASE, "not json", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void findsTheEntryWhateverTheCaseOfTheHost() {
    String config =
        "{\"auths\":{\"https://Registry.Example.com\":{\"username\":\"u\",\"password\":\"p\"}}}";

    RegistryAccess access = DockerConfigCredentials.apply(BASE, config, "REGISTRY.example.COM");

    assertThat(access.username()).isEqualTo("u");
  }
}
