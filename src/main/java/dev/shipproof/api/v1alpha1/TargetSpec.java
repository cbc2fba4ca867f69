package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

/** One file in the environment repository that pins the image. */
public class TargetSpec {
  /** Path of the file relative to the repository root. */
  @Required private String path;

  /** How the file holds the image reference. Only {@code kustomize} in this release. */
  @Required private String format = "kustomize";

  /** Image name as written in the file (kustomize: the {@code images[].name}). */
  @Required private String image;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getFormat() {
    return format;
  }

  public void setFormat(String format) {
    this.format = format;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }
}
