package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

/** One file in the environment repository that pins the image. */
public class TargetSpec {
  /** Path of the file relative to the repository root. */
  @Required private String path;

  /**
   * How the file holds the image reference: {@code kustomize}, {@code helm-values}, {@code
   * manifest} or {@code yaml} (see docs/targets.md).
   */
  @Required private String format = "kustomize";

  /** Image name as written in the file (kustomize: the {@code images[].name}). */
  @Required private String image;

  /**
   * Key path to the image ({@code helm-values}: default {@code image}; {@code yaml}: required), as
   * {@code a.b.c}, {@code list[0].x} or {@code list[name=value].x}.
   */
  private String key;

  /** Key of the repository in an image map; default {@code repository}. */
  private String repositoryKey;

  /** Key of the tag in an image map; default {@code tag}. */
  private String tagKey;

  /** Key of the digest in an image map; default {@code digest}. */
  private String digestKey;

  /**
   * Opt-in for charts with only repository and tag: write {@code tag: "<tag>@sha256:…"}, which the
   * chart renders as {@code repo:tag@sha256:…}. Without it such a chart is refused.
   */
  private Boolean tagHoldsDigest;

  /** Repository name to write when the environment promotes under another name. */
  private String newName;

  /** {@code manifest}: edit only objects of this kind. */
  private String kind;

  /** {@code manifest}: edit only objects with this {@code metadata.name}. */
  private String name;

  /** {@code manifest}: edit only containers with this name. */
  private String container;

  /**
   * Name of a YAML anchor the edit may change although aliases refer to it; the aliased places
   * change with it. Without it such an edit is refused.
   */
  private String anchor;

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

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getRepositoryKey() {
    return repositoryKey;
  }

  public void setRepositoryKey(String repositoryKey) {
    this.repositoryKey = repositoryKey;
  }

  public String getTagKey() {
    return tagKey;
  }

  public void setTagKey(String tagKey) {
    this.tagKey = tagKey;
  }

  public String getDigestKey() {
    return digestKey;
  }

  public void setDigestKey(String digestKey) {
    this.digestKey = digestKey;
  }

  public Boolean getTagHoldsDigest() {
    return tagHoldsDigest;
  }

  public void setTagHoldsDigest(Boolean tagHoldsDigest) {
    this.tagHoldsDigest = tagHoldsDigest;
  }

  public String getNewName() {
    return newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getContainer() {
    return container;
  }

  public void setContainer(String container) {
    this.container = container;
  }

  public String getAnchor() {
    return anchor;
  }

  public void setAnchor(String anchor) {
    this.anchor = anchor;
  }
}
