package dev.shipproof.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The objects of a {@code helm template} output, as plain maps, and paths into them. */
final class Rendered {
  private Rendered() {}

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> parse(String yaml) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
      if (doc != null) {
        docs.add((Map<String, Object>) doc);
      }
    }
    return docs;
  }

  static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  static List<String> kinds(List<Map<String, Object>> docs) {
    return docs.stream().map(d -> (String) d.get("kind")).toList();
  }

  /** The value at a dotted path of maps, or null. */
  @SuppressWarnings("unchecked")
  static <T> T at(Object node, String path) {
    Object current = node;
    for (String key : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return (T) current;
  }

  static Map<String, Object> deployment(List<Map<String, Object>> docs) {
    List<Map<String, Object>> deployments = ofKind(docs, "Deployment");
    if (deployments.size() != 1) {
      throw new AssertionError("expected one Deployment, got " + deployments.size());
    }
    return deployments.get(0);
  }

  static Map<String, Object> container(List<Map<String, Object>> docs) {
    List<Map<String, Object>> containers = at(deployment(docs), "spec.template.spec.containers");
    return containers.get(0);
  }

  /** The container's plain env values by name (valueFrom entries map to null). */
  static Map<String, String> env(List<Map<String, Object>> docs) {
    List<Map<String, Object>> env = at(container(docs), "env");
    var out = new java.util.LinkedHashMap<String, String>();
    env.forEach(e -> out.put((String) e.get("name"), (String) e.get("value")));
    return out;
  }

  /** Every rule of every Role and ClusterRole, with the kind and namespace it came from. */
  static List<Rule> rules(List<Map<String, Object>> docs) {
    List<Rule> rules = new ArrayList<>();
    for (Map<String, Object> doc : docs) {
      String kind = (String) doc.get("kind");
      if (!"Role".equals(kind) && !"ClusterRole".equals(kind)) {
        continue;
      }
      List<Map<String, Object>> list = Objects.requireNonNullElse(at(doc, "rules"), List.of());
      for (Map<String, Object> r : list) {
        rules.add(
            new Rule(
                kind,
                at(doc, "metadata.namespace"),
                strings(r.get("apiGroups")),
                strings(r.get("resources")),
                strings(r.get("resourceNames")),
                strings(r.get("verbs"))));
      }
    }
    return rules;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object list) {
    return list == null ? List.of() : (List<String>) list;
  }

  /** One RBAC rule and where it is granted. */
  record Rule(
      String kind,
      String namespace,
      List<String> apiGroups,
      List<String> resources,
      List<String> resourceNames,
      List<String> verbs) {
    boolean covers(String group, String resource) {
      return apiGroups.contains(group) && resources.contains(resource);
    }
  }
}
