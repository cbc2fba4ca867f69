package dev.shipproof.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One request to move one digest into one environment. It runs once, like a Job. */
@Group(Environment.GROUP)
@Version(Environment.VERSION)
@ShortNames("promo")
public class Promotion extends CustomResource<PromotionSpec, PromotionStatus>
    implements Namespaced {}
