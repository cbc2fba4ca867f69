package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitUrlsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://bot:s3cr3t@git.example.com/a.git | https://***@git.example.com/a.git",
        "https://ghp_token123@github.example/org/a.git | https://***@github.example/org/a.git",
        "https://x-access-token:abc@h.example:8443/a.git | https://***@h.example:8443/a.git",
        "http://user:pa/ss@git.example.com/a.git | http://***@git.example.com/a.git",
        "https://git.example.com/a.git?access_token=abc | https://git.example.com/a.git?***",
        "https://git.example.com/a.git#frag | https://git.example.com/a.git#***",
        "ssh://git@git.example.com:2222/org/a.git | ssh://git@git.example.com:2222/org/a.git",
        "ssh://git:hunter2@git.example.com/org/a.git | ssh://git:***@git.example.com/org/a.git",
        "git@github.example:org/a.git | git@github.example:org/a.git",
        "deploy:hunter2@git.example.com:org/a.git | deploy:***@git.example.com:org/a.git",
        "file:///srv/git/deploy.git | file:///srv/git/deploy.git",
        "https://git.example.com/org/a.git | https://git.example.com/org/a.git"
      })
  void redactsSecretsAndKeepsTheRest(String url, String expected) {
    assertThat(GitUrls.redact(url)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://bot:s3cr3t@git.example.com/a.git",
        "HTTPS://bot:s3cr3t@git.example.com/a.git",
        "ssh://bot:s3cr3t@git.example.com/a.git",
        "https://s3cr3t@git.example.com/a.git",
        "bot:s3cr3t@git.example.com:a.git",
        "https://bot:s3cr3t@git.example.com/a.git?token=s3cr3t"
      })
  void neverShowsTheSecret(String url) {
    assertThat(GitUrls.redact(url)).doesNotContain("s3cr3t");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://git.example.com/org/a.git",
        "http://127.0.0.1:8080/a.git",
        "ssh://git@git.example.com:2222/org/a.git",
        "git@git.example.com:org/a.git",
        "git.example.com:org/a.git",
        "file:///srv/git/deploy.git",
        "FILE:///srv/git/deploy.git"
      })
  void acceptsTheSupportedForms(String url) {
    assertThat(GitUrls.problem(url)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "git://git.example.com/a.git",
        "ext::sh -c id",
        "/srv/git/deploy.git",
        "./deploy.git",
        "https://",
        "ssh://host",
        "host::path",
        "https://git.example.com/a\tb.git"
      })
  void refusesOtherForms(String url) {
    assertThat(GitUrls.problem(url)).isPresent();
  }

  @org.junit.jupiter.api.Test
  void redactsNullToNull() {
    assertThat(GitUrls.redact(null)).isNull();
  }
}
