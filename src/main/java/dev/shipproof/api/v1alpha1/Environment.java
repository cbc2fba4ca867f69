package dev.shipproof.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A deployment target that lives in git: a repository, a branch, the files that pin the image. */
@Group(Environment.GROUP)
@Version(Environment.VERSION)
@ShortNames("spenv")
// The generator orders columns by JSON path, so kubectl shows AGE, LAST PROMOTION, QUARANTINED,
// DIGEST (fabric8io/kubernetes-client#7454).
@AdditionalPrinterColumn(name = "Digest", jsonPath = ".status.shortDigest", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Last Promotion",
    jsonPath = ".status.lastPromotion",
    type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Quarantined",
    jsonPath = ".status.quarantined",
    type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class Environment extends CustomResource<EnvironmentSpec, EnvironmentStatus>
    implements Namespaced {
  public static final String GROUP = "shipproof.dev";
  public static final String VERSION = "v1alpha1";
}
