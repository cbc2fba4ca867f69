package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.gitops.GitAccess;
import java.util.Objects;

/**
 * The upstream Environment as read beforehand (from the cluster, or a file in CLI mode): where its
 * history lives, and its status when it has one.
 *
 * @param name the upstream Environment's name, as its commits' {@code Shipproof-Environment}
 *     trailer writes it
 * @param spec its spec: {@code git.url} and {@code git.branch} say where to read its record
 * @param status its status, or {@code null} (a CLI file, or an Environment nothing landed in yet)
 * @param access the upstream's own git credentials (from its {@code spec.git.credentialsSecret});
 *     {@link GitAccess#ANONYMOUS} when {@code null}
 */
public record UpstreamRecord(
    String name, EnvironmentSpec spec, EnvironmentStatus status, GitAccess access) {
  /** Checks the parts. */
  public UpstreamRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spec, "spec");
    access = access == null ? GitAccess.ANONYMOUS : access;
  }

  /** An upstream read anonymously. */
  public UpstreamRecord(String name, EnvironmentSpec spec, EnvironmentStatus status) {
    this(name, spec, status, null);
  }
}
