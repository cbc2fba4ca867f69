package dev.shipproof.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.config.LeaderElectionConfig;
import dev.shipproof.config.ShipproofConfig;
import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every environment variable the chart sets is a configuration key the operator really reads: a
 * Quarkus or extension key (from the config models the extensions ship) or one of Shipproof's own
 * {@code @ConfigMapping} keys. A typo in a name would otherwise be ignored silently at run time.
 */
class HelmEnvMapsToConfigTest {
  /** Read by the JVM itself, not by Quarkus configuration. */
  private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

  @ParameterizedTest
  @ValueSource(strings = {"default", "namespaced", "cluster-wide"})
  void everyEnvironmentVariableIsAnOperatorSetting(String scenario) throws IOException {
    Set<String> known = knownVariables();
    var env = Rendered.env(Rendered.parse(HelmChartTest.render(scenario)));

    assertThat(known).contains("QUARKUS_HTTP_HOST", "SHIPPROOF_WORK_DIR");
    assertThat(env.keySet())
        .allSatisfy(
            name ->
                assertThat(JVM_VARIABLES.contains(name) || known.contains(name))
                    .as("%s maps to no configuration key", name)
                    .isTrue());
  }

  static Set<String> knownVariables() throws IOException {
    Set<String> names = new HashSet<>();
    Pattern key = Pattern.compile("\"(quarkus\\.[a-z0-9.\\-]+)\"");
    for (URL url :
        Collections.list(
            HelmEnvMapsToConfigTest.class
                .getClassLoader()
                .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json"))) {
      try (InputStream in = url.openStream()) {
        Matcher m = key.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        while (m.find()) {
          names.add(variable(m.group(1)));
        }
      }
    }
    for (Class<?> mapping : new Class<?>[] {ShipproofConfig.class, LeaderElectionConfig.class}) {
      String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
      for (Method method : mapping.getDeclaredMethods()) {
        names.add(variable(prefix + "." + kebab(method.getName())));
      }
    }
    return names;
  }

  /** The environment variable SmallRye Config reads for a property name. */
  static String variable(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
