package dev.shipproof.promote;

/**
 * Docker config JSON (the content of a {@code kubernetes.io/dockerconfigjson} Secret) for the two
 * ends of a registry copy, read beforehand so the promoter never talks to Kubernetes. Either may be
 * {@code null} for anonymous access. Never printed: {@link #toString()} says only which are set.
 *
 * @param source credentials for the registry the image comes from ({@code
 *     spec.registry.credentialsSecret})
 * @param destination credentials for {@code spec.registry.copyTo} ({@code
 *     copyTo.credentialsSecret})
 */
public record CopyCredentials(String source, String destination) {
  /** Anonymous at both ends. */
  public static final CopyCredentials NONE = new CopyCredentials(null, null);

  @Override
  public String toString() {
    return "CopyCredentials[source="
        + (source == null ? "none" : "set")
        + ", destination="
        + (destination == null ? "none" : "set")
        + "]";
  }
}
