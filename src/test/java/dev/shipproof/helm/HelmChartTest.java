package dev.shipproof.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lints helm/shipproof and renders it for three value sets (the defaults, namespaced mode and
 * cluster-wide mode), compared byte for byte with the golden files in src/test/resources/helm/.
 *
 * <p>After an intended chart change, refresh the golden files with {@code ./mvnw -o test
 * -Dtest=HelmChartTest -Dshipproof.update-golden=true} and review the diff before committing.
 */
class HelmChartTest {
  static final Path CHART = Path.of("helm/shipproof");
  static final Path GOLDEN = Path.of("src/test/resources/helm");
  static final String RELEASE = "shipproof";
  static final String NAMESPACE = "shipproof-system";
  private static final Map<String, String> RENDERS = new ConcurrentHashMap<>();

  @Test
  void chartPassesStrictLint() {
    LintResult lint = new Helm(CHART).lint().strict().call();

    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARN"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "namespaced", "cluster-wide"})
  void renderMatchesGoldenFile(String scenario) throws IOException {
    String rendered = render(scenario);
    Path golden = GOLDEN.resolve(scenario + ".golden.yaml");
    if (Boolean.getBoolean("shipproof.update-golden")) {
      Files.writeString(golden, rendered);
    }

    assertThat(golden).as("golden file; create it with -Dshipproof.update-golden=true").exists();
    assertThat(rendered)
        .as(
            "helm template for %s differs from %s (see the class javadoc to refresh)",
            scenario, golden)
        .isEqualTo(Files.readString(golden));
  }

  @Test
  void chartCrdsAreTheGeneratedCrds() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("crds"))) {
      List<Path> crds = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
      assertThat(crds).hasSize(2);
      for (Path crd : crds) {
        Path copy = CHART.resolve("crds").resolve(crd.getFileName());
        assertThat(copy).as("the chart's copy of %s", crd).exists();
        assertThat(Files.readString(copy))
            .as("%s is stale: cp crds/*.yml helm/shipproof/crds/", copy)
            .isEqualTo(Files.readString(crd));
      }
    }
    try (Stream<Path> files = Files.list(CHART.resolve("crds"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("the chart ships exactly the CRDs under crds/")
          .containsExactlyInAnyOrder(
              "environments.shipproof.dev-v1.yml", "promotions.shipproof.dev-v1.yml");
    }
  }

  @Test
  void moreThanOneReplicaWithoutLeaderElectionIsRefused() {
    assertThatThrownBy(
            () -> template().set("replicaCount", "2").set("leaderElection.enabled", "false").call())
        .hasMessageContaining("needs leaderElection.enabled");
  }

  @Test
  void imageDigestMustBeSha256() {
    assertThatThrownBy(() -> template().set("image.digest", "latest").call())
        .hasMessageContaining("image.digest must be sha256");
  }

  @Test
  void unknownLogFormatIsRefused() {
    assertThatThrownBy(() -> template().set("logging.format", "xml").call())
        .hasMessageContaining("logging.format must be json or text");
  }

  @Test
  void digestWinsOverTag() {
    String digest = "sha256:" + "ab".repeat(32);
    List<Map<String, Object>> docs =
        Rendered.parse(template().set("image.tag", "1.2.3").set("image.digest", digest).call());

    assertThat(Rendered.container(docs).get("image"))
        .isEqualTo("registry.example.com/shipproof/operator@" + digest);
  }

  /** The rendered output of a scenario; each scenario is rendered once per test run. */
  static String render(String scenario) {
    return RENDERS.computeIfAbsent(scenario, HelmChartTest::renderNow);
  }

  private static String renderNow(String scenario) {
    var command = template();
    Path values = GOLDEN.resolve(scenario + ".values.yaml");
    if (Files.exists(values)) {
      command.withValuesFile(values);
    }
    return command.call();
  }

  static com.marcnuri.helm.TemplateCommand template() {
    return new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
  }
}
