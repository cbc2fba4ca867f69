package dev.shipproof.promote;

import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.DockerConfigCredentials;
import dev.shipproof.registry.ImageCopier;
import dev.shipproof.registry.OrasImageCopier;
import dev.shipproof.registry.RegistryAccess;

/** Opens a copier from where an image is served to an environment's {@code registry.copyTo}. */
@FunctionalInterface
public interface ImageCopiers {

  /**
   * @param source the image, with its digest
   * @param sourceInsecure plain HTTP for the source registry
   * @param destination the destination repository, with the same digest
   * @param destinationInsecure plain HTTP for the destination registry
   * @param credentials Docker config JSON for each end; either may be {@code null}
   * @throws IllegalArgumentException when a Docker config is malformed (the message never quotes
   *     it)
   */
  ImageCopier open(
      ImageRef source,
      boolean sourceInsecure,
      ImageRef destination,
      boolean destinationInsecure,
      CopyCredentials credentials);

  /** Registry to registry, each end with its own credentials. */
  static ImageCopiers registries() {
    return (source, sourceInsecure, destination, destinationInsecure, credentials) ->
        OrasImageCopier.fromRegistry(
            access(source, sourceInsecure, credentials.source()),
            access(destination, destinationInsecure, credentials.destination()));
  }

  /** The access for one end: HTTPS unless insecure, with the config's credentials for its host. */
  static RegistryAccess access(ImageRef image, boolean insecure, String dockerConfig) {
    RegistryAccess base = RegistryAccess.defaults().withInsecure(insecure);
    return dockerConfig == null
        ? base
        : DockerConfigCredentials.apply(base, dockerConfig, image.registryHost());
  }
}
