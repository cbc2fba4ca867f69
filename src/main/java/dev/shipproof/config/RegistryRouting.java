package dev.shipproof.config;

import dev.shipproof.promote.ImageSources;
import dev.shipproof.registry.OrasImageSource;
import dev.shipproof.registry.RegistryAccess;
import dev.shipproof.registry.RoutingImageSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses where an image is read from: a configured local OCI layout for its repository, else
 * its registry, over HTTPS unless the environment or the operator allows plain HTTP for that host.
 */
public final class RegistryRouting {
  private RegistryRouting() {}

  /**
   * @param layouts repository name (as written in references) to OCI layout directory
   * @param insecureHosts registry hosts that may always be reached over plain HTTP
   */
  public static ImageSources from(Map<String, Path> layouts, List<String> insecureHosts) {
    Map<String, Path> routes = Map.copyOf(layouts);
    Set<String> plainHttp = Set.copyOf(insecureHosts);
    return (ref, insecure) ->
        RoutingImageSource.layouts(
            routes,
            new OrasImageSource(
                host -> RegistryAccess.defaults().withInsecure(insecure || plainHttp.contains(host))));
  }
}
