package dev.shipproof.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A deployment target that lives in git: a repository, a branch, the files that pin the image. */
@Group(Environment.GROUP)
@Version(Environment.VERSION)
@ShortNames("spenv")
public class Environment extends CustomResource<EnvironmentSpec, EnvironmentStatus>
    implements Namespaced {
  public static final String GROUP = "shipproof.dev";
  public static final String VERSION = "v1alpha1";
}
