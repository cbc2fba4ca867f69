package dev.shipproof.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One request to move one digest into one environment. It runs once, like a Job. */
@Group(Environment.GROUP)
@Version(Environment.VERSION)
@ShortNames("promo")
@AdditionalPrinterColumn(name = "Environment", jsonPath = ".spec.environment", type = Type.STRING)
@AdditionalPrinterColumn(name = "Digest", jsonPath = ".status.shortDigest", type = Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Commit", jsonPath = ".status.shortCommit", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class Promotion extends CustomResource<PromotionSpec, PromotionStatus>
    implements Namespaced {}
