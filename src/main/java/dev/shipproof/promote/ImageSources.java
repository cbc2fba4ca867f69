package dev.shipproof.promote;

import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.ImageSource;

/** Opens the registry (or local layout) that serves an image. */
@FunctionalInterface
public interface ImageSources {
  /**
   * @param ref the image
   * @param insecure whether plain HTTP is allowed for its registry (the environment says so)
   */
  ImageSource open(ImageRef ref, boolean insecure);
}
