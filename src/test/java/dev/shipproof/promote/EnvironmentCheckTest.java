package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvironmentCheckTest {
  @Test
  void acceptsAUsableEnvironment() {
    assertThat(EnvironmentCheck.problem(valid())).isNull();
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        Arguments.of(
            "no git", (Consumer<EnvironmentSpec>) e -> e.setGit(null), "spec.git.url is missing"),
        Arguments.of(
            "blank url", (Consumer<EnvironmentSpec>) e -> e.getGit().setUrl(" "), "spec.git.url"),
        Arguments.of(
            "blank branch", (Consumer<EnvironmentSpec>) e -> e.getGit().setBranch(""), "branch"),
        Arguments.of(
            "no targets",
            (Consumer<EnvironmentSpec>) e -> e.setTargets(List.of()),
            "spec.targets is empty"),
        Arguments.of(
            "target without image",
            (Consumer<EnvironmentSpec>) e -> e.getTargets().get(0).setImage(null),
            "spec.targets[0] needs a path and an image"),
        Arguments.of(
            "unknown format",
            (Consumer<EnvironmentSpec>) e -> e.getTargets().get(0).setFormat("jsonnet"),
            "format \"jsonnet\""),
        Arguments.of(
            "yaml without key path",
            (Consumer<EnvironmentSpec>) e -> e.getTargets().get(0).setFormat("yaml"),
            "needs a key path"),
        Arguments.of(
            "no policy", (Consumer<EnvironmentSpec>) e -> e.setPolicy(null), "spec.policy"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void refusesInPlainWords(String name, Consumer<EnvironmentSpec> breakIt, String says) {
    EnvironmentSpec env = valid();
    breakIt.accept(env);

    assertThat(EnvironmentCheck.problem(env)).contains(says);
  }

  private static EnvironmentSpec valid() {
    EnvironmentSpec env = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl("file:///srv/git/deploy.git");
    env.setGit(git);
    TargetSpec t = new TargetSpec();
    t.setPath("kustomization.yaml");
    t.setImage("localhost:5000/acme/api");
    env.setTargets(List.of(t));
    return env;
  }
}
