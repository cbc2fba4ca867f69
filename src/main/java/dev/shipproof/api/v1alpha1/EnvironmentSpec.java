package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** Where an environment's image pins live in git, and the policy a digest must meet to land. */
public class EnvironmentSpec {
  @Required private GitSpec git;
  @Required private List<TargetSpec> targets = new ArrayList<>();
  private PolicySpec policy = new PolicySpec();
  private RegistrySpec registry;

  /** A digest must have landed there first. */
  private UpstreamSpec upstream;

  /** The Argo CD or Flux object that deploys the branch; promotions report when it synced. */
  private SyncSpec sync;

  public GitSpec getGit() {
    return git;
  }

  public void setGit(GitSpec git) {
    this.git = git;
  }

  public List<TargetSpec> getTargets() {
    return targets;
  }

  public void setTargets(List<TargetSpec> targets) {
    this.targets = targets;
  }

  public PolicySpec getPolicy() {
    return policy;
  }

  public void setPolicy(PolicySpec policy) {
    this.policy = policy;
  }

  public RegistrySpec getRegistry() {
    return registry;
  }

  public void setRegistry(RegistrySpec registry) {
    this.registry = registry;
  }

  public UpstreamSpec getUpstream() {
    return upstream;
  }

  public void setUpstream(UpstreamSpec upstream) {
    this.upstream = upstream;
  }

  public SyncSpec getSync() {
    return sync;
  }

  public void setSync(SyncSpec sync) {
    this.sync = sync;
  }
}
