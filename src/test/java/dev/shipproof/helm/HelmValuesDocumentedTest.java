package dev.shipproof.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The values table of docs/install.md and helm/shipproof/values.yaml agree: every key of the values
 * file is in the table (itself or a documented parent such as {@code resources}), every row names a
 * real key, and each row's default is the file's default.
 */
class HelmValuesDocumentedTest {
  private static final Pattern ROW =
      Pattern.compile("^\\| `([^`]+)` \\| `([^`]*)` \\|", Pattern.MULTILINE);

  @Test
  void everyValueIsDocumentedWithItsDefault() throws IOException {
    Map<String, Object> values = load(Files.readString(HelmChartTest.CHART.resolve("values.yaml")));
    Map<String, Object> rows = table(Files.readString(Path.of("docs/install.md")));
    List<String> leaves = new ArrayList<>();
    leaves(values, "", leaves);

    assertThat(rows).isNotEmpty();
    assertThat(leaves)
        .allSatisfy(
            leaf ->
                assertThat(rows.keySet())
                    .as("docs/install.md values table documents %s", leaf)
                    .anyMatch(row -> leaf.equals(row) || leaf.startsWith(row + ".")));
    rows.forEach(
        (key, documented) ->
            assertThat(Rendered.<Object>at(values, key))
                .as("default of %s in docs/install.md", key)
                .isEqualTo(documented));
  }

  /** The rows between the values-table markers: key to its default, parsed as YAML. */
  static Map<String, Object> table(String page) {
    String start = "<!-- values-table:start -->";
    String table = page.substring(page.indexOf(start), page.indexOf("<!-- values-table:end -->"));
    Map<String, Object> rows = new LinkedHashMap<>();
    Matcher m = ROW.matcher(table);
    while (m.find()) {
      rows.put(m.group(1), new Load(LoadSettings.builder().build()).loadFromString(m.group(2)));
    }
    return rows;
  }

  @SuppressWarnings("unchecked")
  private static void leaves(Map<String, Object> node, String prefix, List<String> out) {
    node.forEach(
        (key, value) -> {
          String path = prefix.isEmpty() ? key : prefix + "." + key;
          if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            leaves((Map<String, Object>) map, path, out);
          } else {
            out.add(path);
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String yaml) {
    return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
  }
}
