package dev.shipproof.promote;

import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.ImageSource;
import dev.shipproof.registry.RegistryCredentials;

/** Opens the registry (or local layout) that serves an image. */
@FunctionalInterface
public interface ImageSources {
  /**
   * @param ref the image
   * @param insecure whether plain HTTP is allowed for its registry (the environment says so)
   */
  ImageSource open(ImageRef ref, boolean insecure);

  /**
   * The source for {@code ref} reading with {@code credentials} (sent only to the registry host
   * they name). Sources that cannot take credentials refuse them rather than read anonymously.
   *
   * @param credentials or {@code null} for anonymous access
   */
  default ImageSource open(ImageRef ref, boolean insecure, RegistryCredentials credentials) {
    if (credentials != null) {
      throw new IllegalStateException("this image source cannot use registry credentials");
    }
    return open(ref, insecure);
  }
}
